import type { Exchange } from '../http/exchange.ts'
import { HttpError } from '../http/http-error.ts'
import { LineWriter } from '../http/line-writer.ts'
import { sendJson } from '../http/responses.ts'
import { sleep } from '../scheduling/sleep.ts'
import { goJson } from '../text/go-json.ts'

/** `api.ProgressResponse`: `digest`, `total` and `completed` are omitted when empty or zero. */
export interface Progress {
  status: string
  digest?: string
  total?: number
  completed?: number
}

/** A step is a progress line, a failure, or an action to run (e.g. "the manifest is written") before the next line. */
export type ProgressStep = Progress | { error: string; status?: number } | (() => void)

/**
 * Pull, push and create report progress this way: one NDJSON line every `pullChunkIntervalMs`; with
 * `stream: false` only the last one, or the error with status 500 (`waitForStream`, reference §3.10).
 */
export async function sendProgress(
  exchange: Exchange,
  stream: boolean,
  steps: ProgressStep[],
): Promise<void> {
  const { ctx, res, signal } = exchange
  const writer = new LineWriter(res, 'application/x-ndjson', signal)
  let last: Progress = { status: '' }
  let first = true
  for (const step of steps) {
    if (typeof step === 'function') {
      step()
      continue
    }
    if (!first && !(await sleep(ctx.options.pullChunkIntervalMs, signal))) return
    first = false
    if ('error' in step) {
      // Before the first line the status can still say what went wrong (`streamResponse`).
      if (!stream || !writer.started) throw new HttpError(step.status ?? 500, step.error)
      await writer.write([goJson({ error: step.error }) + '\n'])
      return writer.end()
    }
    last = step
    if (stream && !(await writer.write([goJson(step) + '\n']))) return
  }
  if (stream) writer.end()
  else sendJson(res, 200, last)
}

/** Progress of one layer: a line at zero (no `completed`), then `ticks` lines up to the total. */
export function layerProgress(verb: string, hex: string, total: number, ticks: number): Progress[] {
  const digest = `sha256:${hex}`
  const status = `${verb} ${hex.slice(0, 12)}`
  const lines: Progress[] = [{ status, digest, total }]
  for (let i = 1; i <= ticks; i++)
    lines.push({ status, digest, total, completed: Math.round((total * i) / ticks) })
  return lines
}
