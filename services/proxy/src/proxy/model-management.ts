import type { Dispatcher } from 'undici'
import { Errors, canManageModels } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import { LineBuffer } from '../streams/frame-buffer.ts'
import type { Catalog } from './catalog.ts'
import { parseJsonBody, readBody } from './client-body.ts'
import { forward, sendToBackend } from './forward.ts'
import { copyUpload } from './upload-copies.ts'
import { errorBodyMessage, maxErrorBodyBytes, readBounded, screenServerError } from './upstream-errors.ts'
import type { ProxyCall, ProxyResult } from './proxy-call.ts'

/** Answers of copy, delete, blob uploads and non-streamed pulls are a few bytes of JSON. */
const maxManagementAnswerBytes = 1024 * 1024

/** Sent by admins to act on one backend only (its id or name); otherwise every healthy backend. */
export const backendHeader = 'x-corral-backend'

/**
 * Pull, push, create, copy, delete and blob uploads: for admins and keys with `models:manage`. With
 * several backends they apply to all of them, so every backend can serve every model; one backend can
 * be chosen with the `X-Corral-Backend` header.
 */
export class ModelManagement {
  constructor(
    private readonly registry: BackendRegistry,
    private readonly catalog: Catalog,
  ) {}

  async open(call: ProxyCall): Promise<ProxyResult> {
    if (!canManageModels(call.identity))
      throw new Errors.forbidden('Managing models needs an admin or a key with the models:manage scope')
    const targets = this.targets(call)
    const refresh = () => void this.catalog.refresh()
    if (call.path.startsWith('/api/blobs/')) return this.blobs(call, targets, refresh)
    const bytes = await readBody(call.body, call.hold)
    if (targets.length === 1) return forward(targets[0]!, call, bytes, refresh)
    const stream = parseJsonBody(bytes).json.stream !== false
    const streaming = stream && ['/api/pull', '/api/push', '/api/create'].includes(call.path)
    return streaming
      ? this.sequentialStream(call, targets, bytes, refresh)
      : this.fanOut(call, targets, bytes, refresh)
  }

  /**
   * Ollama's cloud-account routes (`/api/me`, `/api/signout`, `/api/user/keys/…`) act for a whole
   * backend (its ollama.com sign-in), so they are for the same people as model management; they go to
   * one backend, the one named by `X-Corral-Backend` or the first healthy one.
   */
  async openAccount(call: ProxyCall): Promise<ProxyResult> {
    if (!canManageModels(call.identity))
      throw new Errors.forbidden(
        "Ollama's account routes need an admin or a key with the models:manage scope",
      )
    const body =
      call.method === 'GET' || call.method === 'HEAD' ? undefined : await readBody(call.body, call.hold)
    return forward(this.targets(call)[0]!, call, body)
  }

  private targets(call: ProxyCall): Backend[] {
    const named = call.headers[backendHeader]
    if (typeof named === 'string' && named) {
      const backend = this.registry
        .list()
        .find((candidate) => candidate.id === named || candidate.row.name === named)
      if (!backend) throw new Errors.notFound(`No backend "${named}"`)
      return [backend]
    }
    const healthy = this.registry.healthy()
    if (healthy.length === 0) throw this.registry.noBackendError()
    return healthy
  }

  /** Runs the request everywhere; the first failure (or else the first answer) is the answer. */
  private async fanOut(
    call: ProxyCall,
    targets: Backend[],
    bytes: Buffer,
    refresh: () => void,
  ): Promise<ProxyResult> {
    const answers = await Promise.all(
      targets.map(async (backend) => collect(await sendToBackend(backend, call, bytes), call.path)),
    )
    refresh()
    const chosen = answers.find((answer) => answer.status >= 400) ?? answers[0]!
    return {
      kind: 'json',
      status: chosen.status,
      body: chosen.body,
      headers: { 'content-type': chosen.contentType },
    }
  }

  /**
   * Progress streams run one backend after another on one response. Each backend's final `success`
   * is held back except the last, since clients stop reading at the first one; an error ends it all.
   */
  private sequentialStream(
    call: ProxyCall,
    targets: Backend[],
    bytes: Buffer,
    refresh: () => void,
  ): ProxyResult {
    return {
      kind: 'stream',
      status: 200,
      headers: {
        'content-type': 'application/x-ndjson',
        'x-accel-buffering': 'no',
        'x-corral-request-id': call.requestId,
      },
      pipeTo: async (target) => {
        try {
          for (const [index, backend] of targets.entries()) {
            const response = await sendToBackend(backend, call, bytes)
            const last = index === targets.length - 1
            const failed = await copyProgress(response, (line) => {
              if (!last && line.includes('"status":"success"')) return
              target.write(`${line}\n`)
            })
            if (failed) break
          }
        } catch (error) {
          target.write(`${JSON.stringify({ error: (error as Error).message })}\n`)
        }
        target.end()
        refresh()
      },
    }
  }

  /** A blob upload is copied to every backend as it arrives, never held in memory whole. */
  private async blobs(call: ProxyCall, targets: Backend[], refresh: () => void): Promise<ProxyResult> {
    if (call.method === 'HEAD' || targets.length === 1) {
      if (targets.length === 1)
        return forward(targets[0]!, call, call.method === 'POST' ? call.body : undefined, refresh)
      const answers = await Promise.all(
        targets.map(async (backend) => collect(await sendToBackend(backend, call, undefined), call.path)),
      )
      const missing = answers.find((answer) => answer.status !== 200)
      return { kind: 'json', status: (missing ?? answers[0]!).status, body: undefined }
    }
    const copies = copyUpload(call.body, targets.length)
    const answers = await Promise.all(
      targets.map(async (backend, index) =>
        collect(await sendToBackend(backend, call, copies[index]), call.path),
      ),
    )
    refresh()
    const chosen =
      answers.find((answer) => answer.status >= 400) ??
      answers.find((answer) => answer.status === 201) ??
      answers[0]!
    return {
      kind: 'json',
      status: chosen.status,
      body: chosen.body,
      headers: chosen.body === undefined ? {} : { 'content-type': chosen.contentType },
    }
  }
}

/** A backend's whole (small) answer; a 5xx that is not Ollama's own error is replaced, as everywhere. */
async function collect(
  response: Dispatcher.ResponseData,
  path: string,
): Promise<{ status: number; body: unknown; contentType: string }> {
  if (response.statusCode >= 500) {
    const screened = await screenServerError(response, path)
    return {
      status: screened.status,
      body: JSON.parse(screened.body.toString('utf8')),
      contentType: 'application/json; charset=utf-8',
    }
  }
  const { bytes } = await readBounded(response.body, maxManagementAnswerBytes)
  const text = bytes.toString('utf8')
  const contentType = String(response.headers['content-type'] ?? 'application/json; charset=utf-8')
  let body: unknown = text === '' ? undefined : text
  if (text && contentType.includes('json')) {
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
  }
  return { status: response.statusCode, body, contentType }
}

/** Copies progress lines; returns true when the backend reported an error (or answered an error status). */
async function copyProgress(
  response: Dispatcher.ResponseData,
  write: (line: string) => void,
): Promise<boolean> {
  if (response.statusCode >= 400) {
    // Only Ollama's own message goes into the stream, never whatever else an error body holds.
    const { bytes } = await readBounded(response.body, maxErrorBodyBytes)
    const message = errorBodyMessage(bytes) ?? `backend answered ${response.statusCode}`
    write(JSON.stringify({ error: message }))
    return true
  }
  const lines = new LineBuffer()
  let failed = false
  const onLine = (line: Buffer) => {
    const text = line.toString('utf8')
    if (text.includes('"error"')) failed = true
    write(text)
  }
  for await (const chunk of response.body as AsyncIterable<Buffer>) lines.push(chunk, onLine)
  const rest = lines.take()
  if (rest) onLine(rest)
  return failed
}
