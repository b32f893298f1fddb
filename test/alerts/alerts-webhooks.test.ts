import { createHmac } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretBox } from '@corral/core'
import { alertTargets } from '../../services/users/src/schema.ts'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { pollUntil, uniqueName } from '../admin/admin-helpers.ts'
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts'

interface Target {
  id: string
  name: string
  kind: 'generic' | 'slack'
  url: string
  signing_secret?: string | null
}
interface Delivery {
  delivery_id: string
  rule_id: string | null
  target_id: string
  state: string
  attempt: number
  result: 'delivered' | 'retried' | 'failed'
  response_status: number | null
  error: string | null
  duration_ms: number
}
interface Rule {
  id: string
  state: 'firing' | 'resolved'
  firing_subjects: string[]
}

/** What a receiver does (docs/monitoring.md): HMAC-SHA256 over "<t>.<body>", and t must be recent. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('='))) as Record<string, string>
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex')
  return parts.v1 === expected && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300
}

describe('alert rules and webhooks', () => {
  let corral: TestCorral
  let admin: SignedIn
  let receiver: WebhookReceiver

  beforeAll(async () => {
    // Attempts time out after 300 ms and are retried 100–400 ms apart (± jitter): the real schedule in small.
    corral = await startTestCorral({ alertDelivery: { timeoutMs: 300, retryDelaysMs: [100, 200, 300, 400] } })
    admin = await signInAdmin(corral)
    receiver = await startWebhookReceiver()
  })
  afterAll(async () => {
    await receiver?.close()
    await corral?.close()
  })

  const createTarget = async (kind: 'generic' | 'slack', path = `/${uniqueName('hook')}`) => {
    const created = await admin.api.post<Target>('/corral/v1/admin/alerts/targets', {
      name: uniqueName(kind),
      kind,
      url: receiver.url + path,
    })
    expect(created.status).toBe(201)
    return { ...created.body, path }
  }
  const deliveries = async (targetId: string) =>
    (
      await admin.api.get<{ deliveries: Delivery[] }>(
        `/corral/v1/admin/alerts/deliveries?target_id=${targetId}`,
      )
    ).body.deliveries
  const receivedAt = (path: string) => receiver.received.filter((request) => request.path === path)

  it('shows a generic target’s signing secret once and keeps it sealed with the instance secret', async () => {
    const target = await createTarget('generic')
    expect(target.signing_secret).toMatch(/^corral_whsec_/)
    const listed = await admin.api.get<{ targets: Target[] }>('/corral/v1/admin/alerts/targets')
    const again = listed.body.targets.find((entry) => entry.id === target.id)!
    expect(again).not.toHaveProperty('signing_secret')
    const [stored] = await corral.corral.database.db
      .select({ sealed: alertTargets.secretSealed })
      .from(alertTargets)
      .where(eq(alertTargets.id, target.id))
    expect(stored!.sealed).not.toContain(target.signing_secret!.slice('corral_whsec_'.length))
    expect(new SecretBox(corral.corral.config.secretKey!).open(stored!.sealed!)).toBe(target.signing_secret)
  })

  it('retries a webhook that fails (500) and times out, until it recovers; each attempt is in the log', async () => {
    const target = await createTarget('generic')
    const rule = await admin.api.post<Rule>('/corral/v1/admin/alerts/rules', {
      name: uniqueName('down'),
      type: 'backend-down',
      params: { seconds: 1, backend_id: 'b-flaky' },
      target_ids: [target.id],
      resolve_after_seconds: 0,
      cooldown_seconds: 0,
    })
    expect(rule.status).toBe(201)
    receiver.script(500, 'hang')
    // No publisher of backend events in this branch yet: the test publishes on the process's bus.
    corral.corral.events.publish({
      type: 'backend.down',
      backend_id: 'b-flaky',
      name: 'gpu-flaky',
      error: null,
    })

    await pollUntil(async () => (await deliveries(target.id)).some((entry) => entry.result === 'delivered'), {
      timeoutMs: 15_000,
      intervalMs: 50,
    })
    const log = (await deliveries(target.id)).reverse()
    expect(log.map(({ attempt, result, response_status }) => ({ attempt, result, response_status }))).toEqual(
      [
        { attempt: 1, result: 'retried', response_status: 500 },
        { attempt: 2, result: 'retried', response_status: null },
        { attempt: 3, result: 'delivered', response_status: 200 },
      ],
    )
    expect(log[1]!.error).toBe('timed out after 300 ms')
    expect(log[1]!.duration_ms).toBeGreaterThanOrEqual(290)
    expect(new Set(log.map((entry) => entry.delivery_id)).size).toBe(1)
    expect(log.every((entry) => entry.state === 'firing' && entry.rule_id === rule.body.id)).toBe(true)

    // The same body every time, each attempt signed anew with the target's secret.
    const requests = receivedAt(target.path)
    expect(requests).toHaveLength(3)
    for (const request of requests) {
      expect(
        verify(target.signing_secret!, String(request.headers['x-corral-signature']), request.body),
      ).toBe(true)
      expect(verify('another secret', String(request.headers['x-corral-signature']), request.body)).toBe(
        false,
      )
      expect(request.body).toBe(requests[0]!.body)
    }
    expect(JSON.parse(requests[0]!.body)).toMatchObject({
      rule: { id: rule.body.id, type: 'backend-down' },
      state: 'firing',
      subject: 'backend gpu-flaky',
      details: { backend_id: 'b-flaky', backend_name: 'gpu-flaky' },
    })
    expect(requests[0]!.headers['x-corral-delivery']).toBe(log[0]!.delivery_id)
    const current = await admin.api.get<Rule>(`/corral/v1/admin/alerts/rules/${rule.body.id}`)
    expect(current.body).toMatchObject({ state: 'firing', firing_subjects: ['backend gpu-flaky'] })

    corral.corral.events.publish({ type: 'backend.up', backend_id: 'b-flaky', name: 'gpu-flaky' })
    await pollUntil(async () => receivedAt(target.path).length === 4, { timeoutMs: 5000 })
    expect(JSON.parse(receivedAt(target.path)[3]!.body)).toMatchObject({ state: 'resolved' })
    const metrics = await (await fetch(`${corral.url}/metrics`)).text()
    expect(metrics).toMatch(/corral_alert_deliveries_total\{kind="generic",result="retried"\} [1-9]/)
    expect(metrics).toMatch(/corral_alert_deliveries_total\{kind="generic",result="delivered"\} [1-9]/)
  })

  it('sends a test to a Slack target as a {"text"} body, and logs it', async () => {
    const target = await createTarget('slack')
    expect(target.signing_secret).toBeNull()
    const test = await admin.api.post<{ delivery_id: string }>(
      `/corral/v1/admin/alerts/targets/${target.id}/test`,
    )
    expect(test.status).toBe(202)
    await pollUntil(async () => (await deliveries(target.id)).length === 1)
    const [request] = receivedAt(target.path)
    expect(Object.keys(JSON.parse(request!.body) as object)).toEqual(['text'])
    expect((JSON.parse(request!.body) as { text: string }).text).toContain('Corral test notification')
    expect(request!.headers['x-corral-signature']).toBeUndefined()
    expect((await deliveries(target.id))[0]).toMatchObject({
      delivery_id: test.body.delivery_id,
      state: 'test',
      result: 'delivered',
      rule_id: null,
    })
  })

  it('gives up after five tries on an unreachable target, without holding anything else up', async () => {
    const created = await admin.api.post<Target>('/corral/v1/admin/alerts/targets', {
      name: uniqueName('gone'),
      kind: 'generic',
      // Port 9 (discard) on loopback: nothing listens, the connection is refused.
      url: 'http://127.0.0.1:9/hook',
    })
    const started = performance.now()
    const test = await admin.api.post(`/corral/v1/admin/alerts/targets/${created.body.id}/test`)
    expect(test.status).toBe(202)
    expect(performance.now() - started).toBeLessThan(1000)
    // While it retries, everything else answers as usual.
    const rules = await admin.api.get('/corral/v1/admin/alerts/rules')
    expect(rules.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(1000)
    await pollUntil(async () => (await deliveries(created.body.id)).length === 5, { timeoutMs: 10_000 })
    const log = (await deliveries(created.body.id)).reverse()
    expect(log.map((entry) => entry.result)).toEqual(['retried', 'retried', 'retried', 'retried', 'failed'])
    expect(log[0]!.error).toContain('ECONNREFUSED')
  })

  it('sends the new-user notice when someone registers', async () => {
    const target = await createTarget('generic')
    await admin.api.post('/corral/v1/admin/alerts/rules', {
      name: uniqueName('joined'),
      type: 'user-registered',
      params: {},
      target_ids: [target.id],
    })
    corral.corral.events.publish({
      type: 'user.registered',
      user_id: crypto.randomUUID(),
      username: 'zoe',
      group_id: null,
    })
    await pollUntil(async () => receivedAt(target.path).length === 1)
    expect(JSON.parse(receivedAt(target.path)[0]!.body)).toMatchObject({
      state: 'triggered',
      summary: 'New user registered: zoe',
    })
  })

  it('edits, disables and deletes rules, and records each change in the audit log', async () => {
    const target = await createTarget('generic')
    const rule = await admin.api.post<Rule & { enabled: boolean; params: object }>(
      '/corral/v1/admin/alerts/rules',
      {
        name: uniqueName('refusals'),
        type: 'refusal-rate',
        params: { per_minute: 100 },
        target_ids: [target.id],
      },
    )
    const patched = await admin.api.patch<{ enabled: boolean; params: object }>(
      `/corral/v1/admin/alerts/rules/${rule.body.id}`,
      { enabled: false, params: { per_minute: 5 } },
    )
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ enabled: false, params: { per_minute: 5 } })
    expect((await admin.api.delete(`/corral/v1/admin/alerts/rules/${rule.body.id}`)).status).toBe(204)
    expect((await admin.api.get(`/corral/v1/admin/alerts/rules/${rule.body.id}`)).status).toBe(404)
    const audit = await admin.api.get<{ entries: { action: string; target_id: string }[] }>(
      `/corral/v1/admin/audit?target_id=${rule.body.id}`,
    )
    expect(audit.body.entries.map((entry) => entry.action).sort()).toEqual([
      'alert_rule.create',
      'alert_rule.delete',
      'alert_rule.update',
    ])
    // Deleting a target takes it out of the rules that sent to it.
    const other = await admin.api.post<Rule & { target_ids: string[] }>('/corral/v1/admin/alerts/rules', {
      name: uniqueName('joined'),
      type: 'user-registered',
      params: {},
      target_ids: [target.id],
    })
    expect((await admin.api.delete(`/corral/v1/admin/alerts/targets/${target.id}`)).status).toBe(204)
    const after = await admin.api.get<{ target_ids: string[] }>(
      `/corral/v1/admin/alerts/rules/${other.body.id}`,
    )
    expect(after.body.target_ids).toEqual([])
  })

  describe('bad input', () => {
    const refused = async (path: string, body: unknown) => {
      const answer = await admin.api.post<{ code: string; fields?: { path: string }[] }>(path, body)
      expect(answer.status).toBe(400)
      expect(answer.body.code).toBe('CORRAL_ERR_VALIDATION')
      return answer.body.fields?.map((field) => field.path) ?? []
    }
    const rule = (overrides: Record<string, unknown>) => ({
      name: 'r',
      type: 'backend-down',
      params: { seconds: 30 },
      target_ids: [],
      ...overrides,
    })

    it('refuses a malformed or non-http webhook URL, naming the field', async () => {
      for (const url of ['not a url', 'ftp://example.com/hook', 'http://', 'http://exa mple.com/']) {
        expect(
          await refused('/corral/v1/admin/alerts/targets', { name: 't', kind: 'generic', url }),
        ).toContain('/url')
      }
      expect(
        await refused('/corral/v1/admin/alerts/targets', { name: 't', kind: 'teams', url: receiver.url }),
      ).toContain('/kind')
    })

    it('refuses an unknown rule type, a missing or foreign parameter, thresholds out of range and unknown targets', async () => {
      const path = '/corral/v1/admin/alerts/rules'
      expect(await refused(path, rule({ type: 'disk-full' }))).toContain('/type')
      expect(await refused(path, rule({ params: {} }))).toEqual(['/params/seconds'])
      expect(await refused(path, rule({ params: { seconds: 30, percent: 50 } }))).toEqual(['/params/percent'])
      expect(await refused(path, rule({ params: { seconds: 0 } }))).toContain('/params/seconds')
      expect(await refused(path, rule({ type: 'quota-percent', params: { percent: 150 } }))).toContain(
        '/params/percent',
      )
      expect(
        await refused(
          path,
          rule({ type: 'queue-wait-p95', params: { threshold_ms: -1, window_seconds: 60 } }),
        ),
      ).toContain('/params/threshold_ms')
      expect(await refused(path, rule({ target_ids: [crypto.randomUUID()] }))).toEqual(['/target_ids/0'])
      expect(await refused(path, rule({ resolve_after_seconds: 99_999 }))).toContain('/resolve_after_seconds')
    })

    it('answers 404 for a rule or target that does not exist, and 403 to a user who is not an admin', async () => {
      const missing = crypto.randomUUID()
      const test = await admin.api.post<{ code: string }>(`/corral/v1/admin/alerts/targets/${missing}/test`)
      expect(test.status).toBe(404)
      expect(test.body.code).toBe('CORRAL_ERR_NOT_FOUND')
      expect(
        (await admin.api.patch(`/corral/v1/admin/alerts/rules/${missing}`, { enabled: false })).status,
      ).toBe(404)
      const user = await createUser(admin.api)
      expect((await user.api.get('/corral/v1/admin/alerts/rules')).status).toBe(403)
    })
  })
})
