import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { copyUpload } from '../../../src/proxy/upload-copies.ts'

const chunk = Buffer.alloc(64 * 1024, 1)

/** An upload of `chunks` 64 KiB chunks, produced as fast as it is read. */
function upload(chunks: number): Readable {
  let produced = 0
  return new Readable({
    read() {
      this.push(produced++ < chunks ? chunk : null)
    },
  })
}

/** A destination that takes `bytesPerTick` bytes per event-loop turn and counts what it got. */
function destination(slow: boolean): Writable & { received: number } {
  const sink = new Writable({
    write(data: Buffer, _encoding, done) {
      sink.received += data.length
      if (slow) setTimeout(done, 2)
      else setImmediate(done)
    },
  }) as Writable & { received: number }
  sink.received = 0
  return sink
}

describe('copyUpload', () => {
  it('moves at the pace of the slowest copy, holding only a few chunks', async () => {
    const source = upload(1024)
    const [fast, slow] = copyUpload(source, 2)
    const sinks = [destination(false), destination(true)]
    let mostHeld = 0
    const watch = setInterval(() => {
      mostHeld = Math.max(
        mostHeld,
        slow!.writableLength + slow!.readableLength,
        fast!.writableLength + fast!.readableLength,
      )
    }, 1)
    await Promise.all([pipeline(fast!, sinks[0]!), pipeline(slow!, sinks[1]!)])
    clearInterval(watch)
    expect(sinks.map((sink) => sink.received)).toEqual([1024 * chunk.length, 1024 * chunk.length])
    expect(mostHeld).toBeLessThanOrEqual(4 * chunk.length)
  })

  it('stops waiting for a copy whose destination gave up', async () => {
    const source = upload(256)
    const [kept, dropped] = copyUpload(source, 2)
    dropped!.destroy()
    const sink = destination(false)
    await pipeline(kept!, sink)
    expect(sink.received).toBe(256 * chunk.length)
  })
})
