import { vi } from 'vitest'
import type { StreamRelay } from '../../../src/streams/stream-relay.ts'
import type { StreamObserver, TokenUsage } from '../../../src/streams/token-usage.ts'

export class RecordingObserver implements StreamObserver {
  outputs = 0
  usage: TokenUsage | undefined
  errors: string[] = []
  /** The output count when the first token was reported, or its reported time for bodies. */
  firstToken: { afterOutputs: number; afterDispatchMs?: number } | undefined
  onOutput(): void {
    this.outputs++
  }
  onFirstToken(afterDispatchMs?: number): void {
    this.firstToken ??= { afterOutputs: this.outputs, afterDispatchMs }
  }
  onUsage(usage: TokenUsage): void {
    this.usage = usage
  }
  onStreamError(message: string): void {
    this.errors.push(message)
  }
}

/** Pushes chunks through a relay and collects what it forwards, chunk by chunk. */
export async function run(relay: StreamRelay, chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = []
  for (const chunk of chunks) {
    const forwarded = relay.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    if (forwarded) out.push(forwarded.toString('utf8'))
  }
  const rest = relay.end()
  if (rest) out.push(rest.toString())
  return Promise.resolve(out)
}

/** What `Buffer.concat` copied while `work` ran, in bytes: a relay's cost on long frames. */
export function bytesJoined(work: () => void): number {
  const concat = vi.spyOn(Buffer, 'concat')
  try {
    work()
    return concat.mock.results.reduce((sum, result) => sum + (result.value as Buffer).length, 0)
  } finally {
    concat.mockRestore()
  }
}

/** Pushes a frame of about 10 MiB in 64 KiB chunks; returns what was forwarded when it completed. */
export function pushLongFrame(relay: StreamRelay): Buffer | undefined {
  const chunk = Buffer.alloc(64 * 1024, 'x')
  relay.push(Buffer.from('data: "'))
  for (let i = 0; i < 160; i++) relay.push(chunk)
  return relay.push(Buffer.from('"\n\n'))
}
