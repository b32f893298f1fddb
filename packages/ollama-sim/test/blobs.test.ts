import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { startTestSim } from './helpers.ts'

/** Uploads like the Go CLI: chunked transfer encoding, no Content-Length, a JSON content type. */
function upload(url: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    Readable.from(chunks).pipe(req)
  })
}

describe('/api/blobs/:digest', () => {
  test('stores a chunked upload, finds it afterwards and accepts it again with 200', async () => {
    const sim = await startTestSim()
    const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(64 * 1024, i))
    const hash = createHash('sha256')
    for (const chunk of chunks) hash.update(chunk)
    const digest = `sha256:${hash.digest('hex')}`

    expect((await fetch(`${sim.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404)
    expect(await upload(`${sim.url}/api/blobs/${digest}`, chunks)).toEqual({ status: 201, body: '' })
    expect((await fetch(`${sim.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200)
    expect((await fetch(`${sim.url}/api/blobs/${digest.replace(':', '-')}`, { method: 'HEAD' })).status).toBe(
      200,
    )
    expect((await upload(`${sim.url}/api/blobs/${digest}`, chunks)).status).toBe(200)
  })

  test('refuses a body whose digest differs, and a malformed digest', async () => {
    const sim = await startTestSim()
    const claimed = `sha256:${'0'.repeat(64)}`
    const actual = `sha256:${createHash('sha256').update('hello').digest('hex')}`
    const mismatch = await upload(`${sim.url}/api/blobs/${claimed}`, [Buffer.from('hel'), Buffer.from('lo')])
    expect(mismatch.status).toBe(400)
    expect(JSON.parse(mismatch.body)).toEqual({
      error: `digest mismatch, expected "${claimed}", got "${actual}"`,
    })
    const malformed = await fetch(`${sim.url}/api/blobs/sha256:xyz`, { method: 'POST', body: 'x' })
    expect([malformed.status, await malformed.json()]).toEqual([400, { error: 'invalid digest format' }])
  })

  test('lets /api/create use an uploaded blob', async () => {
    const sim = await startTestSim()
    const digest = `sha256:${createHash('sha256').update('gguf').digest('hex')}`
    await upload(`${sim.url}/api/blobs/${digest}`, [Buffer.from('gguf')])
    const created = await fetch(`${sim.url}/api/create`, {
      method: 'POST',
      body: JSON.stringify({ model: 'mine', files: { 'model.gguf': digest }, stream: false }),
    })
    expect(await created.json()).toEqual({ status: 'success' })
  })

  test('survives a client that gives up mid-upload', async () => {
    const sim = await startTestSim()
    const digest = `sha256:${'1'.repeat(64)}`
    await new Promise<void>((resolve) => {
      const req = request(`${sim.url}/api/blobs/${digest}`, { method: 'POST' })
      req.on('error', () => resolve())
      req.write(Buffer.alloc(1024))
      setTimeout(() => req.destroy(), 20)
    })
    expect((await fetch(`${sim.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404)
    expect((await fetch(sim.url + '/')).status).toBe(200)
  })

  test('reads uploads no faster than blobBytesPerSecond, like a slow disk', async () => {
    const sim = await startTestSim({ blobBytesPerSecond: 4 * 1024 * 1024 })
    const chunks = Array.from({ length: 16 }, (_, i) => Buffer.alloc(64 * 1024, i))
    const hash = createHash('sha256')
    for (const chunk of chunks) hash.update(chunk)
    const started = performance.now()
    expect((await upload(`${sim.url}/api/blobs/sha256:${hash.digest('hex')}`, chunks)).status).toBe(201)
    // 1 MiB at 4 MiB/s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240)
  })
})
