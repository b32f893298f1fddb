import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

/** A chunked upload (no Content-Length), as the ollama CLI sends blobs. */
function upload(url: string, key: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${key}`, 'transfer-encoding': 'chunked' } },
      (response) => {
        let body = ''
        response.on('data', (data: Buffer) => (body += data.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      },
    )
    outgoing.on('error', reject)
    for (const chunk of chunks) outgoing.write(chunk)
    outgoing.end()
  })
}

describe('model management through Corral', () => {
  let corral: TestCorral
  let second: OllamaSim
  let admin: SignedIn
  let key: string

  beforeAll(async () => {
    corral = await startTestCorral()
    second = await startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5, pullChunkIntervalMs: 2 })
    admin = await signInAdmin(corral)
    key = (await createKey(admin.api)).key
    await admin.api.post('/corral/v1/admin/backends', { url: second.url, name: 'second' })
  })
  afterAll(async () => {
    await corral?.close()
    await second?.close()
  })

  const head = (digest: string, backend?: string) =>
    fetch(`${corral.url}/api/blobs/${digest}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${key}`, ...(backend ? { 'x-corral-backend': backend } : {}) },
    })

  it('streams a chunked blob upload to every backend, and checks the digest', async () => {
    const chunks = Array.from({ length: 64 }, (_, index) => Buffer.alloc(64 * 1024, index))
    const digest = `sha256:${createHash('sha256').update(Buffer.concat(chunks)).digest('hex')}`
    expect((await head(digest)).status).toBe(404)
    expect(await upload(`${corral.url}/api/blobs/${digest}`, key, chunks)).toEqual({ status: 201, body: '' })
    expect((await head(digest)).status).toBe(200)
    expect((await head(digest, 'second')).status).toBe(200)
    const wrong = `sha256:${'0'.repeat(64)}`
    const mismatch = await upload(`${corral.url}/api/blobs/${wrong}`, key, [Buffer.from('hello')])
    expect(mismatch.status).toBe(400)
    expect((JSON.parse(mismatch.body) as { error: string }).error).toContain('digest mismatch')
  })

  it('pulls onto every backend in one progress stream that ends with a single success', async () => {
    const response = await fetch(`${corral.url}/api/pull`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ name: 'gemma3' }),
    })
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status?: string })
    expect(lines.filter((line) => line.status === 'success')).toHaveLength(1)
    expect(lines.at(-1)!.status).toBe('success')
    const tags = async (url: string) =>
      ((await (await fetch(`${url}/api/tags`)).json()) as { models: { name: string }[] }).models.map(
        (m) => m.name,
      )
    expect(await tags(corral.sim.url)).toContain('gemma3:latest')
    expect(await tags(second.url)).toContain('gemma3:latest')
  })

  it('deletes from one backend when X-Corral-Backend names it', async () => {
    const response = await fetch(`${corral.url}/api/delete`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}`, 'x-corral-backend': 'second' },
      body: JSON.stringify({ model: 'gemma3' }),
    })
    expect(response.status).toBe(200)
    const names = async (url: string) =>
      ((await (await fetch(`${url}/api/tags`)).json()) as { models: { name: string }[] }).models.map(
        (m) => m.name,
      )
    expect(await names(second.url)).not.toContain('gemma3:latest')
    expect(await names(corral.sim.url)).toContain('gemma3:latest')
  })
})
