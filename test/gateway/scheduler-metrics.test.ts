import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin } from '../support/api-client.ts'
import { parsePrometheusText, sampleSum } from '../support/prometheus-text.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

const chat = (stream: boolean) =>
  JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream })

describe('the scheduler and refusal metrics in /metrics', () => {
  let corral: TestCorral
  let api: Awaited<ReturnType<typeof createUser>>['api']

  const scrape = async () => parsePrometheusText(await (await fetch(`${corral.url}/metrics`)).text())
  const send = (key: string, stream = false) =>
    fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: chat(stream),
    })

  beforeAll(async () => {
    corral = await startTestCorral({ config: { ollamaSlots: 1 }, sim: { tokenIntervalMs: 20 } })
    api = (await createUser((await signInAdmin(corral)).api)).api
  })
  afterAll(() => corral?.close())

  it('shows who waits by priority, the busy slot, and counts busy slot-seconds no faster than the clock', async () => {
    const { key } = await createKey(api)
    const before = await scrape()
    const started = performance.now()
    const running = await send(key, true) // streams ~24 tokens at 20 ms: the one slot is busy a while
    await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(1)
    const waiting = send(key)
    await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(1)

    const during = await scrape()
    expect(sampleSum(during, 'corral_queue_waiting_requests', { priority: '5' })).toBe(1)
    expect(sampleSum(during, 'corral_queue_waiting_requests')).toBe(1)
    expect(sampleSum(during, 'corral_queue_depth')).toBe(1)
    expect(sampleSum(during, 'corral_backend_slots', { state: 'busy' })).toBe(1)
    expect(sampleSum(during, 'corral_backend_slots', { state: 'total' })).toBe(1)

    await running.text()
    expect((await waiting).status).toBe(200)
    await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(0)
    const elapsedSeconds = (performance.now() - started) / 1000
    const after = await scrape()
    const busy = (series: typeof after) => sampleSum(series, 'corral_backend_busy_seconds_total')
    const busySeconds = busy(after) - busy(before)
    // Two requests ran one after the other on the single slot: busy most of the time, never more.
    expect(busySeconds).toBeGreaterThan(0.3)
    expect(busySeconds).toBeLessThanOrEqual(elapsedSeconds)
    expect(sampleSum(after, 'corral_queue_waiting_requests')).toBe(0)
    // Counted once: a second scrape with nothing running adds nothing.
    expect(busy(await scrape())).toBeCloseTo(busy(after), 6)
  })

  it('counts a refusal under its stable reason, and nothing under the others', async () => {
    const { key } = await createKey(api, { models: ['mistral'] })
    const before = await scrape()
    const refused = await send(key)
    expect(refused.status).toBe(403)
    // Ollama's error shape on Ollama's endpoint.
    expect(((await refused.json()) as { error: string }).error).toMatch(/may not use the model/)
    const after = await scrape()
    const refusals = (series: typeof after, reason?: string) =>
      sampleSum(series, 'corral_rejections_total', reason ? { reason } : {})
    expect(refusals(after, 'model-not-allowed') - refusals(before, 'model-not-allowed')).toBe(1)
    expect(refusals(after) - refusals(before)).toBe(1)
    // Every reason is there from the start, at 0 until it happens, so rate() and alerts see it.
    expect(after.get('corral_rejections_total')?.map((sample) => sample.labels.reason)).toEqual(
      expect.arrayContaining(['queue-full', 'queue-timeout', 'no-backend', 'rpm', 'daily-quota']),
    )
    expect(sampleSum(after, 'corral_alert_deliveries_total', { kind: 'slack', result: 'failed' })).toBe(0)
  })
})
