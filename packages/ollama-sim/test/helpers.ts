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
