import type { StreamObserver, TokenUsage } from '../../../src/streams/token-usage.ts'

export class RecordingObserver implements StreamObserver {
  outputs = 0
  usage: TokenUsage | undefined
  errors: string[] = []
  onOutput(): void {
    this.outputs++
  }
  onUsage(usage: TokenUsage): void {
    this.usage = usage
  }
  onStreamError(message: string): void {
    this.errors.push(message)
  }
}

/** Pushes chunks through a transform and collects what comes out, chunk by chunk. */
export async function run(transform: NodeJS.ReadWriteStream, chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = []
  transform.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')))
  const ended = new Promise((resolve) => transform.on('end', resolve))
  for (const chunk of chunks) transform.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  transform.end()
  await ended
  return out
}
