import { request } from 'node:http'
import { afterEach } from 'vitest'
import { startOllamaSim, type OllamaSim, type OllamaSimOptions } from '../src/index.ts'

const running: OllamaSim[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()))
})

/** A simulator with timings small enough for tests; closed after each test. */
export async function startTestSim(options: OllamaSimOptions = {}): Promise<OllamaSim> {
  const sim = await startOllamaSim({
    tokenIntervalMs: 2,
    loadDelayMs: 5,
    pullChunkIntervalMs: 1,
    responseTokens: 6,
    ...options,
  })
  running.push(sim)
  return sim
}

export function postJson(
  sim: OllamaSim,
  path: string,
  body: unknown,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(sim.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  })
}

export interface TimedLine {
  text: string
  at: number
}

/** Reads a streamed body and notes when each line arrived, to tell a real stream from a buffered one. */
export async function readLines(response: Response): Promise<TimedLine[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  const lines: TimedLine[] = []
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    const at = performance.now()
    for (const text of parts) lines.push({ text, at })
  }
  if (buffer !== '') lines.push({ text: buffer, at: performance.now() })
  return lines
}

/** NDJSON body → objects. */
export async function readNdjson(response: Response): Promise<Record<string, unknown>[]> {
  return (await readLines(response)).map((line) => JSON.parse(line.text) as Record<string, unknown>)
}

export interface NamedEvent {
  event: string
  data: Record<string, unknown>
}

/** An SSE body of named events (`event:` + `data:`, as the Responses and Anthropic endpoints send). */
export async function readNamedEvents(response: Response): Promise<NamedEvent[]> {
  return (await response.text())
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n')
      return {
        event: eventLine!.replace(/^event: /, ''),
        data: JSON.parse(dataLine!.replace(/^data: /, '')) as Record<string, unknown>,
      }
    })
}

/** SSE body → the `data:` payloads, `[DONE]` kept as a string. */
export async function readSse(response: Response): Promise<(Record<string, unknown> | '[DONE]')[]> {
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      const data = event.replace(/^data: /, '')
      return data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as Record<string, unknown>)
    })
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * A request whose path goes on the wire exactly as written: `fetch` and `URL` resolve `.`, `..` and
 * `%2e` before sending, which would hide what the simulator's router does with them.
 */
export function rawRequest(
  sim: OllamaSim,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { port } = new URL(sim.url)
  // Node sends a DELETE body unframed unless told its length.
  const length = init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }
  const headers = { ...length, ...init.headers }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(init.body)
  })
}
