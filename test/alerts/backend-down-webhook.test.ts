import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { pollUntil, uniqueName } from '../admin/admin-helpers.ts'
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts'

/**
 * The operator's promise end to end, with nothing published by hand: a real backend stops answering,
 * the proxy's health checker notices, the event stream carries `backend.down`, the rule fires and the
 * webhook arrives; when the backend answers again the rule resolves and says so.
 */
describe('a backend that goes down sends a webhook', () => {
  let corral: TestCorral
  let admin: SignedIn
  let receiver: WebhookReceiver
  let gpu: OllamaSim

  beforeAll(async () => {
    corral = await startTestCorral({ alertDelivery: { timeoutMs: 1000, retryDelaysMs: [200, 400] } })
    admin = await signInAdmin(corral)
    receiver = await startWebhookReceiver()
    gpu = await startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5 })
  })
  afterAll(async () => {
    await receiver?.close()
    await gpu?.close()
    await corral?.close()
  })

  it('fires when the health checker finds the backend gone, and resolves when it is back', async () => {
    const added = await admin.api.post<{ id: string }>('/corral/v1/admin/backends', {
      url: gpu.url,
      name: 'gpu-watched',
    })
    expect(added.status).toBe(201)
    const backendId = added.body.id
    const healthy = async () =>
      (await admin.api.get<{ healthy: boolean }>(`/corral/v1/admin/backends/${backendId}`)).body.healthy
    await pollUntil(healthy, { timeoutMs: 10_000 })

    const path = `/${uniqueName('hook')}`
    const target = await admin.api.post<{ id: string }>('/corral/v1/admin/alerts/targets', {
      name: uniqueName('ops'),
      kind: 'generic',
      url: receiver.url + path,
    })
    expect(target.status).toBe(201)
    const rule = await admin.api.post<{ id: string }>('/corral/v1/admin/alerts/rules', {
      name: uniqueName('gpu down'),
      type: 'backend-down',
      params: { seconds: 1, backend_id: backendId },
      target_ids: [target.body.id],
      resolve_after_seconds: 1,
      cooldown_seconds: 0,
    })
    expect(rule.status).toBe(201)
    const notices = () =>
      receiver.received
        .filter((request) => request.path === path)
        .map(
          (request) => JSON.parse(request.body) as { state: string; rule: { id: string }; subject: string },
        )

    // The backend's process goes away: the next health check (every 5 s while healthy) fails.
    const port = new URL(gpu.url).port
    await gpu.close()
    await pollUntil(async () => notices().some((notice) => notice.state === 'firing'), {
      timeoutMs: 15_000,
      intervalMs: 100,
    })
    const firing = notices().find((notice) => notice.state === 'firing')!
    expect(firing.rule.id).toBe(rule.body.id)
    expect(firing.subject).toContain('gpu-watched')
    expect(await healthy()).toBe(false)

    // Back on the same address: the checker's backoff finds it, and the rule resolves once.
    gpu = await startOllamaSim({ tokenIntervalMs: 2, loadDelayMs: 5, port: Number(port) })
    await pollUntil(async () => notices().some((notice) => notice.state === 'resolved'), {
      timeoutMs: 45_000,
      intervalMs: 200,
    })
    expect(notices().map((notice) => notice.state)).toEqual(['firing', 'resolved'])
  }, 90_000)
})
