import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

describe('the queue in front of the backends', () => {
  let corral: TestCorral
  let admin: SignedIn

  const chat = (key: string, content: string, numPredict = 5) =>
    fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({
        model: 'llama3.2',
        messages: [{ role: 'user', content }],
        stream: false,
        options: { num_predict: numPredict },
      }),
    })

  beforeAll(async () => {
    // Two slots in Corral, four in the simulator: any excess the simulator sees is Corral's fault.
    corral = await startTestCorral({ config: { ollamaSlots: 2 }, sim: { numParallel: 4 } })
    admin = await signInAdmin(corral)
  })
  afterAll(() => corral?.close())

  it('never sends a backend more requests than it has slots, under concurrent load', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(admin.api)))
    const keys = await Promise.all(users.map(async (user) => (await createKey(user.api)).key))
    corral.sim.stats.reset()
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) => chat(keys[index % 4]!, `request ${index}`)),
    )
    expect(responses.map((response) => response.status)).toEqual(Array(40).fill(200))
    expect(corral.sim.stats.maxInferenceInFlight).toBe(2)
    expect(corral.corral.proxy.scheduler.stats().slotViolations).toBe(0)
  })

  it('serves a higher priority first once a slot frees up', async () => {
    const high = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
      name: `high-${Date.now()}`,
      priority: 9,
    })
    const vip = await createUser(admin.api, { group: high.body.id })
    const normal = await createUser(admin.api)
    const [vipKey, normalKey] = await Promise.all([createKey(vip.api), createKey(normal.api)])
    corral.sim.setOptions({ tokenIntervalMs: 10 })
    try {
      // Fill both slots, then queue a low request before a high one.
      const blockers = [chat(normalKey.key, 'block 1', 20), chat(normalKey.key, 'block 2', 20)]
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(2)
      const order: string[] = []
      const low = chat(normalKey.key, 'low').then(() => order.push('low'))
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(1)
      const highRequest = chat(vipKey.key, 'high').then(() => order.push('high'))
      await Promise.all([...blockers, low, highRequest])
      expect(order[0]).toBe('high')
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('shows waiting requests with their position, to their owner and to admins', async () => {
    const user = await createUser(admin.api)
    const { key } = await createKey(user.api)
    corral.sim.setOptions({ tokenIntervalMs: 10 })
    try {
      const running = [chat(key, 'a', 30), chat(key, 'b', 30)]
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(2)
      const waiting = chat(key, 'c')
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(1)
      const mine = await user.api.get<{
        waiting: { position: number; estimated_wait_ms: number }[]
        running: unknown[]
      }>('/corral/v1/me/queue')
      expect(mine.body.waiting).toHaveLength(1)
      expect(mine.body.waiting[0]!.position).toBe(1)
      expect(mine.body.running).toHaveLength(2)
      const snapshot = await admin.api.get<{
        waiting: { username: string }[]
        running: unknown[]
        backends: { slots: number; busy: number }[]
      }>('/corral/v1/admin/queue')
      expect(snapshot.body.waiting[0]!.username).toBe(user.username)
      expect(snapshot.body.backends[0]).toMatchObject({ slots: 2, busy: 2 })
      expect((await user.api.get('/corral/v1/admin/queue')).status).toBe(403)
      await Promise.all([...running, waiting])
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('refuses at once with 503 and Retry-After when the queue is full', async () => {
    await admin.api.patch('/corral/v1/admin/settings', { queue: { max_length: 1 } })
    const { key } = await createKey(admin.api)
    corral.sim.setOptions({ tokenIntervalMs: 10 })
    try {
      const running = [chat(key, 'a', 20), chat(key, 'b', 20)]
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(2)
      const waiting = chat(key, 'c')
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(1)
      const refused = await chat(key, 'd')
      expect(refused.status).toBe(503)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(await refused.json()).toEqual({ error: 'The queue is full' })
      await Promise.all([...running, waiting])
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
      await admin.api.patch('/corral/v1/admin/settings', { queue: { max_length: 1000 } })
    }
  })

  it('gives up on a request that waited longer than the maximum wait', async () => {
    await admin.api.patch('/corral/v1/admin/settings', { queue: { max_wait_seconds: 1 } })
    const { key } = await createKey(admin.api)
    corral.sim.setOptions({ tokenIntervalMs: 30 })
    try {
      const running = [chat(key, 'a', 60), chat(key, 'b', 60)]
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(2)
      const timedOut = await chat(key, 'c')
      expect(timedOut.status).toBe(503)
      expect(timedOut.headers.get('retry-after')).not.toBeNull()
      await Promise.all(running)
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
      await admin.api.patch('/corral/v1/admin/settings', { queue: { max_wait_seconds: 600 } })
    }
  })
})
