import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, createUser, signInAdmin } from '../support/api-client.ts'
import { parsePrometheusText, sampleSum } from '../support/prometheus-text.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { sendChat } from '../proxy/raw-http.ts'

const mib = 1024 * 1024

/** A chat request whose prompt is `size` bytes, sent with a Content-Length (as clients do). */
function chatBody(size: number, stream = false): string {
  const head = '{"model":"llama3.2","stream":' + String(stream) + ',"messages":[{"role":"user","content":"'
  const tail = '"}]}'
  return head + 'x'.repeat(size - head.length - tail.length) + tail
}

describe('request bodies held in memory', () => {
  let corral: TestCorral
  let keys: string[]

  beforeAll(async () => {
    corral = await startTestCorral({
      config: { ollamaSlots: 1, bodyMemory: { perUser: 8 * mib, total: 12 * mib } },
    })
    const admin = await signInAdmin(corral)
    keys = await Promise.all([0, 1].map(async () => (await createKey((await createUser(admin.api)).api)).key))
  })
  afterAll(() => corral?.close())

  it('are bounded per user (429) and in all (503), and given back when requests leave', async () => {
    corral.sim.setOptions({ tokenIntervalMs: 20 })
    try {
      // The one slot is busy: everything else waits, holding its body.
      const blocker = sendChat(corral.url, keys[0]!, chatBody(1000, true))
      await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(1)
      const waiting = [
        sendChat(corral.url, keys[0]!, chatBody(3 * mib)),
        sendChat(corral.url, keys[0]!, chatBody(3 * mib)),
      ]
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(2)

      const overShare = await fetch(`${corral.url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys[0]}` },
        body: chatBody(3 * mib),
      })
      expect(overShare.status).toBe(429)
      expect(Number(overShare.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await overShare.json()) as { error: string }).error).toMatch(/hold too much data/)

      waiting.push(
        sendChat(corral.url, keys[1]!, chatBody(3 * mib)),
        sendChat(corral.url, keys[1]!, chatBody(3 * mib)),
      )
      await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(4)
      const overTotal = await fetch(`${corral.url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys[1]}` },
        body: chatBody(1 * mib),
      })
      expect(overTotal.status).toBe(503)
      expect(overTotal.headers.get('retry-after')).not.toBeNull()
      await overTotal.text()

      // Clients that leave give their bodies back at once; the others when they start.
      for (const entry of waiting.slice(0, 2)) entry.request.destroy()
      await expect.poll(() => corral.corral.proxy.budget.held).toBe(6 * mib)
      blocker.request.destroy()
      expect(await Promise.all(waiting.slice(2).map((entry) => entry.status))).toEqual([200, 200])
      await expect.poll(() => corral.corral.proxy.budget.held).toBe(0)
      // Read last: a scrape inside the timed part above could outlast the blocker.
      const metrics = parsePrometheusText(await (await fetch(`${corral.url}/metrics`)).text())
      const refused = (reason: string) => sampleSum(metrics, 'corral_rejections_total', { reason })
      expect([refused('user-body-memory-full'), refused('body-memory-full')]).toEqual([1, 1])
    } finally {
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })

  it('refuses a body over the budget from its declared length, before reading it', async () => {
    const started = performance.now()
    const response = await fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[0]}` },
      body: chatBody(9 * mib),
    })
    expect(response.status).toBe(429)
    expect(performance.now() - started).toBeLessThan(5000)
    expect(corral.corral.proxy.budget.held).toBe(0)
  })

  it('answers a 100,000-deep JSON body on /v1 without a 500', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const response = await fetch(`${corral.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[0]}` },
      body: `{"model":"llama3.2","stream":true,"messages":[{"role":"user","content":${deep}}]}`,
    })
    expect(response.status).toBeLessThan(500)
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
  })
})
