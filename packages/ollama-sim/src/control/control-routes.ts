import type { IncomingMessage, ServerResponse } from 'node:http'
import { validateFault } from '../faults.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import { sendEmpty, sendJson } from '../http/responses.ts'
import { applyOptions, type SimContext } from '../sim-context.ts'

type ControlAction = (ctx: SimContext, req: IncomingMessage, res: ServerResponse) => Promise<void> | void

/**
 * Not part of Ollama: lets tests and benchmarks drive a simulator running in another process. These
 * requests skip the statistics, the `request` event, the Host check and the faults.
 */
const actions: Record<string, Record<string, ControlAction>> = {
  '/_sim/faults': {
    POST: async (ctx, req, res) => {
      ctx.faults.add(validateFault(await readJsonObject(req, 'SimFault', 'missing request body')))
      sendEmpty(res, 204)
    },
    DELETE: (ctx, _req, res) => {
      ctx.faults.clear()
      sendEmpty(res, 204)
    },
  },
  '/_sim/stats': {
    GET: (ctx, _req, res) => sendJson(res, 200, ctx.stats),
    DELETE: (ctx, _req, res) => {
      ctx.stats.reset()
      sendEmpty(res, 204)
    },
  },
  '/_sim/options': {
    GET: (ctx, _req, res) => sendJson(res, 200, ctx.options),
    PATCH: async (ctx, req, res) => {
      applyOptions(ctx, await readJsonObject(req, 'OllamaSimOptions', 'missing request body'))
      sendJson(res, 200, ctx.options)
    },
  },
}

export async function handleControl(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const byMethod = actions[path]
  if (!byMethod) return sendJson(res, 404, { error: `unknown control endpoint ${path}` })
  const action = byMethod[req.method ?? 'GET']
  if (!action) return sendJson(res, 405, { error: `${req.method} is not allowed on ${path}` })
  try {
    await action(ctx, req, res)
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 400
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) })
  }
}
