import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import {
  ApiClient,
  createKey,
  createUser,
  signIn,
  signInAdmin,
  type SignedIn,
} from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { pollUntil, type CorralErrorBody } from './admin-helpers.ts'

interface Backend {
  id: string
  name: string
  url: string
  slots: number
  state: 'active' | 'draining'
  healthy: boolean
  health_history: { at: string; healthy: boolean; error: string | null }[]
  model_details: { name: string; size: number | null; quantization_level: string | null }[]
  loaded_model_details: { name: string; size_vram: number | null; expires_at: string | null }[]
}

interface Pull {
  id: string
  model: string
  status: string
  started_by: string
  backends: {
    backend_id: string
    status: string
    percent: number | null
    completed: number
    total: number
    message: string
    error: string | null
  }[]
}

describe('the admin backends and models API', () => {
  let corral: TestCorral
  let admin: SignedIn
  let backends: Backend[]

  beforeAll(async () => {
    // 100 ms between progress lines: a pull takes about two seconds, long enough to watch and cancel.
    corral = await startTestCorral({ simCount: 2, sim: { pullChunkIntervalMs: 100 } })
    admin = await signInAdmin(corral)
    backends = (await admin.api.get<{ backends: Backend[] }>('/corral/v1/admin/backends/details')).body
      .backends
  })
  afterAll(() => corral?.close())

  const details = async (id: string) => (await admin.api.get<Backend>(`/corral/v1/admin/backends/${id}`)).body
  const pull = async (id: string) => (await admin.api.get<Pull>(`/corral/v1/admin/model-pulls/${id}`)).body
  const fleet = async () =>
    (
      await admin.api.get<{ models: { name: string; backends: { id: string; loaded: boolean }[] }[] }>(
        '/corral/v1/admin/models',
      )
    ).body.models

  it('shows each backend with its health history, models and loaded models', async () => {
    expect(backends).toHaveLength(2)
    for (const backend of backends) {
      expect(backend.healthy).toBe(true)
      expect(backend.health_history[0]).toMatchObject({ healthy: true, error: null })
      expect(backend.model_details).toContainEqual(
        expect.objectContaining({ name: 'llama3.2:latest', size: 2019393189, quantization_level: 'Q4_K_M' }),
      )
    }
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    const answer = await new ApiClient(corral.url, key).post('/api/generate', {
      model: 'llama3.2',
      prompt: 'hello',
      stream: false,
    })
    expect(answer.status).toBe(200)
    await pollUntil(
      async () => {
        const all = await Promise.all(backends.map((backend) => details(backend.id)))
        return all.some((backend) =>
          backend.loaded_model_details.some((model) => model.name === 'llama3.2:latest'),
        )
      },
      { intervalMs: 250, timeoutMs: 15_000 },
    )
    const loaded = (await Promise.all(backends.map((backend) => details(backend.id))))
      .flatMap((backend) => backend.loaded_model_details)
      .find((model) => model.name === 'llama3.2:latest')!
    expect(loaded.size_vram).toBeGreaterThan(0)
    expect(Date.parse(loaded.expires_at!)).toBeGreaterThan(Date.now())
    const model = (await fleet()).find((entry) => entry.name === 'llama3.2:latest')!
    expect(model.backends.map((entry) => entry.id).sort()).toEqual(
      backends.map((backend) => backend.id).sort(),
    )
    expect((await admin.api.get(`/corral/v1/admin/backends/${crypto.randomUUID()}`)).status).toBe(404)
  })

  it('pulls a model onto every backend, with progress held by the server for every admin', async () => {
    // Another session (a reload, or another admin) will watch the same pull.
    const other = await signIn(corral.url, corral.admin.username, corral.admin.password)
    const started = await admin.api.post<Pull>('/corral/v1/admin/model-pulls', { model: 'mistral' })
    expect(started.status).toBe(202)
    expect(started.body).toMatchObject({ model: 'mistral:latest', started_by: corral.admin.username })
    expect(started.body.backends).toHaveLength(2)
    const duplicate = await admin.api.post<CorralErrorBody>('/corral/v1/admin/model-pulls', {
      model: 'mistral',
    })
    expect(duplicate.status).toBe(409)

    await pollUntil(
      async () => {
        const seen = (await other.api.get<{ pulls: Pull[] }>('/corral/v1/admin/model-pulls')).body.pulls.find(
          (entry) => entry.id === started.body.id,
        )
        return (
          seen?.backends.some((part) => part.percent !== null && part.percent > 0 && part.percent < 100) ??
          false
        )
      },
      { intervalMs: 20, timeoutMs: 10_000 },
    )
    await pollUntil(async () => (await pull(started.body.id)).status === 'succeeded', {
      intervalMs: 100,
      timeoutMs: 20_000,
    })
    const done = await pull(started.body.id)
    for (const part of done.backends) {
      expect(part).toMatchObject({ status: 'succeeded', percent: 100, message: 'success', error: null })
      expect(part.completed).toBe(part.total)
      expect(part.total).toBeGreaterThan(4_000_000_000)
    }
    await pollUntil(
      async () => (await fleet()).find((entry) => entry.name === 'mistral:latest')?.backends.length === 2,
      { timeoutMs: 10_000 },
    )
    const audit = await admin.api.get<{ entries: { details: { pull_id: string } }[] }>(
      '/corral/v1/admin/audit?action=model.pull&target_id=mistral:latest',
    )
    expect(audit.body.entries.map((entry) => entry.details.pull_id)).toEqual([started.body.id])
  })

  it('cancels a pull, and reports one that fails', async () => {
    const target = backends[0]!.id
    const started = await admin.api.post<Pull>('/corral/v1/admin/model-pulls', {
      model: 'gemma3',
      backend_ids: [target],
    })
    expect(started.status).toBe(202)
    await pollUntil(async () => (await pull(started.body.id)).backends[0]!.status === 'running', {
      intervalMs: 20,
      timeoutMs: 10_000,
    })
    const cancelled = await admin.api.post<Pull>(`/corral/v1/admin/model-pulls/${started.body.id}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect((await pull(started.body.id)).status).toBe('cancelled')
    expect((await details(target)).model_details.map((model) => model.name)).not.toContain('gemma3:latest')

    const missing = await admin.api.post<Pull>('/corral/v1/admin/model-pulls', {
      model: 'no-such-model',
      backend_ids: [target],
    })
    await pollUntil(async () => (await pull(missing.body.id)).status === 'failed', { timeoutMs: 10_000 })
    expect((await pull(missing.body.id)).backends[0]!.error).toContain('file does not exist')
    const unknownBackend = await admin.api.post('/corral/v1/admin/model-pulls', {
      model: 'mistral',
      backend_ids: [crypto.randomUUID()],
    })
    expect(unknownBackend.status).toBe(404)
  })

  it('copies and deletes a model on chosen backends, each answering for itself', async () => {
    const copied = await admin.api.post<{ results: { ok: boolean }[] }>('/corral/v1/admin/models/copy', {
      source: 'llama3.2',
      destination: 'llama3.2-copy',
    })
    expect(copied.body.results.map((result) => result.ok)).toEqual([true, true])
    const [first, second] = backends
    const deleted = await admin.api.post<{ results: { backend_id: string; ok: boolean; status: number }[] }>(
      '/corral/v1/admin/models/delete',
      { model: 'llama3.2-copy', backend_ids: [first!.id] },
    )
    expect(deleted.body.results).toEqual([
      expect.objectContaining({ backend_id: first!.id, ok: true, status: 200 }),
    ])
    const copy = (await fleet()).find((entry) => entry.name === 'llama3.2-copy:latest')!
    expect(copy.backends.map((entry) => entry.id)).toEqual([second!.id])
    const again = await admin.api.post<{ results: { ok: boolean; status: number; error: string }[] }>(
      '/corral/v1/admin/models/delete',
      { model: 'llama3.2-copy', backend_ids: [first!.id] },
    )
    expect(again.body.results[0]).toMatchObject({ ok: false, status: 404 })
    expect(again.body.results[0]!.error).toContain('not found')
  })

  describe('editing a backend', () => {
    let third: OllamaSim
    beforeAll(async () => {
      third = await startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5 })
    })
    afterAll(() => third?.close())

    it('renames, resizes, drains, resumes and moves a backend to a new address', async () => {
      const backend = backends[1]!
      const renamed = await admin.api.patch<Backend>(`/corral/v1/admin/backends/${backend.id}`, {
        name: 'gpu-b',
        slots: 3,
        state: 'draining',
      })
      expect(renamed.body).toMatchObject({ name: 'gpu-b', slots: 3, state: 'draining' })
      expect(
        (await admin.api.patch<Backend>(`/corral/v1/admin/backends/${backend.id}`, { state: 'active' })).body
          .state,
      ).toBe('active')
      const moved = await admin.api.patch<Backend>(`/corral/v1/admin/backends/${backend.id}`, {
        url: third.url,
      })
      expect(moved.status).toBe(200)
      expect(moved.body).toMatchObject({ id: backend.id, url: third.url, name: 'gpu-b' })
      await pollUntil(async () => (await details(backend.id)).healthy, { timeoutMs: 10_000 })
      const duplicate = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/backends/${backend.id}`, {
        url: backends[0]!.url,
      })
      expect(duplicate.status).toBe(409)
      const invalid = await admin.api.patch<CorralErrorBody>(`/corral/v1/admin/backends/${backend.id}`, {
        url: 'ftp://nope',
      })
      expect(invalid.status).toBe(400)
      const audit = await admin.api.get<{ entries: { before: unknown; after: unknown }[] }>(
        `/corral/v1/admin/audit?action=backend.update&target_id=${backend.id}&limit=1`,
      )
      expect(audit.body.entries[0]).toMatchObject({ before: { url: backend.url }, after: { url: third.url } })
    })
  })

  it('is for admins only', async () => {
    const user = await createUser(admin.api)
    for (const path of [
      '/corral/v1/admin/backends/details',
      '/corral/v1/admin/models',
      '/corral/v1/admin/model-pulls',
    ]) {
      expect((await user.api.get(path)).status, path).toBe(403)
    }
    expect((await user.api.post('/corral/v1/admin/model-pulls', { model: 'mistral' })).status).toBe(403)
  })
})
