import type { Dispatcher, Pool } from 'undici'
import { benchModel } from '../stack/start-sim.ts'
import { LineSplitter } from './line-splitter.ts'
import type { Target } from './target.ts'

export function chatBody(options: { prompt: string; tokens: number; stream: boolean }): string {
  return JSON.stringify({
    model: benchModel,
    messages: [{ role: 'user', content: options.prompt }],
    stream: options.stream,
    options: { num_predict: options.tokens },
  })
}

function post(pool: Pool, target: Target, body: string, extra: Record<string, string>, signal?: AbortSignal) {
  const headers = { 'content-type': 'application/json', ...target.headers, ...extra }
  return pool.request({ method: 'POST', path: '/api/chat', headers, body, signal })
}

/** One whole request/response; returns its status (the body is read and dropped). */
export async function chatOnce(pool: Pool, target: Target, body: string): Promise<number> {
  const response = await post(pool, target, body, {})
  await response.body.dump({ limit: Infinity })
  return response.statusCode
}

export interface StreamResult {
  status: number
  headers: Dispatcher.ResponseData['headers']
  lines: number
  /** The body ended normally (not aborted, no error). */
  complete: boolean
}

/**
 * Streams `/api/chat`, calling `onLine` for every NDJSON line with the `performance.now()` of the
 * chunk it arrived in. Aborting through `signal` ends it quietly with `complete: false`.
 */
export async function chatStream(
  pool: Pool,
  target: Target,
  body: string,
  options: {
    headers?: Record<string, string>
    signal?: AbortSignal
    onLine?: (line: string, receivedAt: number) => void
  } = {},
): Promise<StreamResult> {
  let lines = 0
  const splitter = new LineSplitter()
  try {
    const response = await post(pool, target, body, options.headers ?? {}, options.signal)
    const result = { status: response.statusCode, headers: response.headers, lines: 0, complete: false }
    const onLine = (line: string, at: number) => {
      lines++
      options.onLine?.(line, at)
    }
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>)
        splitter.push(chunk, performance.now(), onLine)
      splitter.end(performance.now(), onLine)
      result.complete = true
    } catch (error) {
      if (!options.signal?.aborted) throw error
    }
    return { ...result, lines }
  } catch (error) {
    if (options.signal?.aborted) return { status: 0, headers: {}, lines, complete: false }
    throw error
  }
}
