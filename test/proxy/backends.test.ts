import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

interface Backend {
  id: string
  name: string
  url: string
  slots: number
  state: string
  healthy: boolean
  models: string[]
}

describe('several backends', () => {
  let corral: TestCorral
  let admin: SignedIn
  let ollama: Ollama
  let second: OllamaSim

  beforeAll(async () => {
    // The first backend has llama3.2 only; a second one, added at run time, has gemma3 only.
    corral = await startTestCorral({ sim: { models: [{ name: 'llama3.2:latest', family: 'llama' }] } })
    second = await startOllamaSim({
      models: [{ name: 'gemma3:latest', family: 'gemma3' }],
      tokenIntervalMs: 2,
      loadDelayMs: 5,
    })
    admin = await signInAdmin(corral)
    ollama = new Ollama({
      host: corral.url,
      headers: { Authorization: `Bearer ${(await createKey(admin.api)).key}` },
    })
  })
  afterAll(async () => {
    await corral?.close()
    await second?.close()
  })

  const backends = async () =>
    (await admin.api.get<{ backends: Backend[] }>('/corral/v1/admin/backends')).body.backends

  it('adds a backend at run time and answers the union of the models', async () => {
    const added = await admin.api.post<Backend>('/corral/v1/admin/backends', {
      url: second.url,
      name: 'second',
      slots: 2,
    })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ name: 'second', slots: 2, healthy: true, models: ['gemma3:latest'] })
    const names = (await ollama.list()).models.map((model) => model.name).sort()
    expect(names).toEqual(['gemma3:latest', 'llama3.2:latest'])
    expect((await admin.api.post('/corral/v1/admin/backends', { url: second.url })).status).toBe(409)
  })

  it('routes each request to a backend that has the model', async () => {
    second.stats.reset()
    corral.sim.stats.reset()
    await ollama.chat({ model: 'gemma3', messages: [{ role: 'user', content: 'hi' }] })
    await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] })
    expect(second.stats.completed).toBe(1)
    expect(corral.sim.stats.completed).toBe(1)
  })

  it('drains a backend: it takes no new requests', async () => {
    const target = (await backends()).find((backend) => backend.name === 'second')!
    const drained = await admin.api.patch<Backend>(`/corral/v1/admin/backends/${target.id}`, {
      state: 'draining',
    })
    expect(drained.body.state).toBe('draining')
    second.stats.reset()
    // gemma3 lives only there: with its backend draining the request cannot be served and times out.
    await admin.api.patch('/corral/v1/admin/settings', { queue: { max_wait_seconds: 1 } })
    await expect(
      ollama.chat({ model: 'gemma3', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({ status_code: 503 })
    expect(second.stats.requests).toBe(0)
    await admin.api.patch(`/corral/v1/admin/backends/${target.id}`, { state: 'active' })
    await admin.api.patch('/corral/v1/admin/settings', { queue: { max_wait_seconds: 600 } })
    expect((await ollama.chat({ model: 'gemma3', messages: [{ role: 'user', content: 'hi' }] })).done).toBe(
      true,
    )
  })

  it('changes slots at run time', async () => {
    const target = (await backends()).find((backend) => backend.name === 'second')!
    const resized = await admin.api.patch<Backend>(`/corral/v1/admin/backends/${target.id}`, { slots: 1 })
    expect(resized.body.slots).toBe(1)
    second.setOptions({ numParallel: 4, tokenIntervalMs: 5 })
    second.stats.reset()
    await Promise.all(
      Array.from({ length: 6 }, () =>
        ollama.chat({ model: 'gemma3', messages: [{ role: 'user', content: 'x' }] }),
      ),
    )
    expect(second.stats.maxInferenceInFlight).toBe(1)
  })

  it('puts a request back in the queue when its backend refuses the connection, and serves it elsewhere', async () => {
    // Both backends serve llama3.2 now; the one that dies first takes nothing more.
    const third = await startOllamaSim({
      models: [{ name: 'llama3.2:latest' }],
      tokenIntervalMs: 2,
      loadDelayMs: 5,
    })
    const added = await admin.api.post<Backend>('/corral/v1/admin/backends', {
      url: third.url,
      name: 'third',
      slots: 1,
    })
    await third.close()
    corral.sim.stats.reset()
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }),
      ),
    )
    expect(answers.every((answer) => answer.done)).toBe(true)
    expect(corral.sim.stats.completed).toBe(4)
    await expect
      .poll(async () => (await backends()).find((backend) => backend.id === added.body.id)?.healthy)
      .toBe(false)
    expect((await admin.api.delete(`/corral/v1/admin/backends/${added.body.id}`)).status).toBe(204)
  })

  it('removes a backend, and its models disappear from the union', async () => {
    const target = (await backends()).find((backend) => backend.name === 'second')!
    expect((await admin.api.delete(`/corral/v1/admin/backends/${target.id}`)).status).toBe(204)
    expect((await ollama.list()).models.map((model) => model.name)).toEqual(['llama3.2:latest'])
    expect((await admin.api.delete(`/corral/v1/admin/backends/${target.id}`)).status).toBe(404)
  })

  it('reports readiness from the database and the backends', async () => {
    const ready = await fetch(`${corral.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      database: { ok: true },
      backends: { ok: true },
    })
    expect((await fetch(`${corral.url}/healthz`)).status).toBe(200)
  })
})
