import diagnostics from 'node:diagnostics_channel'
import { once } from 'node:events'
import type { Socket } from 'node:net'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@corral/core'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf, usageRecords } from './usage-records.ts'

/** Requests, refusals and cut-offs between Corral and a backend, and what each costs the user. */
describe('when the backend refuses, fails or is left', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let key: string

  const body = (content: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content }], ...extra })
  const chat = (content: string, extra: Record<string, unknown> = {}, apiKey = key) =>
    fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}` },
      body: body(content, extra),
    })
  /** A request the test can cut off; `streaming` resolves at the first bytes of its answer. */
  const openChat = (content: string, extra: Record<string, unknown> = {}) => {
    const request = httpRequest(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    })
    request.on('error', () => undefined)
    request.end(body(content, extra))
    const streaming = once(request, 'response')
      .then(async ([response]) => {
        await once(response as IncomingMessage, 'data')
      })
      .catch(() => undefined)
    return { request, streaming }
  }
  /** Counts the chat requests the backend receives from now on. */
  const countChatRequests = () => {
    const seen = { count: 0, stop: () => corral.sim.events.off('request', onRequest) }
    const onRequest = (event: { path: string }) => {
      if (event.path === '/api/chat') seen.count++
    }
    corral.sim.events.on('request', onRequest)
    return seen
  }

  beforeAll(async () => {
    corral = await startTestCorral({
      config: {
        ollamaSlots: 2,
        upstream: { ...loadConfig({}).upstream, headersTimeoutMs: 600 },
      },
      sim: { numParallel: 8 },
    })
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    key = (await createKey(user.api)).key
  })
  afterAll(() => corral?.close())

  it('records a refusal with its status and error, and charges no tokens, quota or fair share for it', async () => {
    const member = await createUser(admin.api)
    const limited = (await createKey(member.api, { limits: { daily_token_quota: 3000 } })).key
    const prompt = 'x'.repeat(4096)
    const unknown = { model: 'no-such-model' }
    const counter = () =>
      corral.corral.proxy.scheduler.snapshot().users.find((entry) => entry.userId === member.userId)?.counter
    const first = await chat(prompt, unknown, limited)
    expect(first.status).toBe(404)
    await first.text()
    const before = counter()
    for (let i = 0; i < 4; i++) expect((await chat(prompt, unknown, limited)).status).toBe(404)
    expect(counter()).toBe(before)
    // Five refused 4 KB prompts would have used the quota up (about 1,000 estimated tokens each).
    expect((await chat('hi', { stream: false }, limited)).status).toBe(200)
    const record = await usageRecordOf(member.api, first.headers.get('x-corral-request-id'))
    expect(record).toMatchObject({
      status: 404,
      error: "model 'no-such-model' not found",
      prompt_tokens: 0,
      output_tokens: 0,
    })
  })

  it('charges a client that leaves mid-stream to its quota, even when it never waited in the queue', async () => {
    const member = await createUser(admin.api)
    const limited = (await createKey(member.api, { limits: { daily_token_quota: 500 } })).key
    const request = httpRequest(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited}` },
    })
    request.on('error', () => undefined)
    // About 1,000 tokens of prompt, evaluated by the backend before the client left.
    request.end(body('z'.repeat(4000), { options: { num_predict: 200 } }))
    const [response] = (await once(request, 'response')) as [IncomingMessage]
    await once(response, 'data')
    request.destroy()
    await expect.poll(async () => (await usageRecords(member.api))[0]?.status).toBe(499)
    expect((await usageRecords(member.api))[0]!.prompt_tokens).toBeGreaterThan(500)
    const next = await chat('hi', { stream: false }, limited)
    expect(next.status).toBe(429)
  })

  it('answers 504 when the backend sends no headers in time, and never sends the prompt twice', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: 3000, times: 4 })
    const seen = countChatRequests()
    try {
      const started = performance.now()
      const response = await chat('slow', { stream: false })
      expect(response.status).toBe(504)
      expect(((await response.json()) as { error: string }).error).toMatch(
        /did not answer within CORRAL_UPSTREAM_HEADERS_TIMEOUT/,
      )
      expect(performance.now() - started).toBeLessThan(2500)
      expect(seen.count).toBe(1)
      const record = await usageRecordOf(user.api, response.headers.get('x-corral-request-id'))
      expect(record).toMatchObject({ status: 504, prompt_tokens: 0, output_tokens: 0 })
      expect(record.error).toMatch(/did not answer/)
    } finally {
      seen.stop()
      corral.sim.clearFaults()
    }
  })

  it('records a client that leaves after dispatch but before the first byte (499, the prompt estimate)', async () => {
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: 400 })
    const prompt = 'y'.repeat(400)
    const dispatched = once(corral.sim.events, 'request')
    const { request } = openChat(prompt)
    await dispatched
    request.destroy()
    await expect.poll(async () => (await usageRecords(user.api))[0]!.status).toBe(499)
    const [record] = await usageRecords(user.api)
    expect(record).toMatchObject({ status: 499, error: null, output_tokens: 0 })
    expect(record!.prompt_tokens).toBe(Math.ceil(Buffer.byteLength(body(prompt)) / 4))
    await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(0)
  })

  it('never lets a backend see more requests than its slots, even right after aborts', async () => {
    // Every request Corral sends, with the socket it goes on: the next request may only leave once the
    // aborted one's socket has closed, or the backend could briefly count one request too many.
    const sent: { content: string; socket: Socket; closedBefore: Socket[] }[] = []
    const aborted: Socket[] = []
    const onSend = (message: unknown) => {
      const { request, socket } = message as { request: { body?: unknown }; socket: Socket }
      const content = Buffer.isBuffer(request.body) ? request.body.toString() : ''
      if (content.includes('"long') || content.includes('"next'))
        sent.push({ content, socket, closedBefore: aborted.filter((candidate) => candidate.closed) })
    }
    diagnostics.subscribe('undici:client:sendHeaders', onSend)
    corral.sim.setOptions({ tokenIntervalMs: 10 })
    corral.sim.stats.reset()
    try {
      for (let round = 0; round < 5; round++) {
        const running: ReturnType<typeof openChat>[] = []
        for (let i = 0; i < 2; i++) running.push(openChat(`long ${i}`, { options: { num_predict: 500 } }))
        await expect.poll(() => corral.corral.proxy.scheduler.stats().running).toBe(2)
        const waiting = Array.from({ length: 4 }, async (_, i) => {
          const response = await chat(`next ${i}`, { options: { num_predict: 2 } })
          await response.text()
          return response
        })
        await expect.poll(() => corral.corral.proxy.scheduler.stats().waiting).toBe(4)
        // Both answers are streaming: cut them off together, freeing both slots at once.
        await Promise.all(running.map((open) => open.streaming))
        const streams = sent.filter((entry) => entry.content.includes('"long')).slice(-2)
        aborted.push(...streams.map((entry) => entry.socket))
        for (const open of running) open.request.destroy()
        for (const response of await Promise.all(waiting)) expect(response.status).toBe(200)
        const next = sent.filter((entry) => entry.content.includes('"next')).slice(-4, -2)
        for (const entry of next)
          expect(entry.closedBefore).toEqual(expect.arrayContaining(streams.map((s) => s.socket)))
      }
      expect(corral.sim.stats.maxInferenceInFlight).toBe(2)
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', onSend)
      corral.sim.setOptions({ tokenIntervalMs: 2 })
    }
  })
})
