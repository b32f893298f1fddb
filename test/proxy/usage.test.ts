import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import { countTokens } from '@corral/ollama-sim'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import type { UsageRecordView } from './usage-records.ts'

interface Report {
  totals: { requests: number; prompt_tokens: number; output_tokens: number; cost: number }
  by_model: { key: string; requests: number }[]
  by_user?: { key: string; label: string; requests: number }[]
  by_key: { key: string; label: string; requests: number }[]
  over_time?: { bucket_start: string; requests: number }[]
  records: UsageRecordView[]
}

describe('usage accounting', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let ollama: Ollama
  let keyId: string

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    const key = await createKey(user.api, { name: 'usage-key' })
    keyId = key.id
    ollama = new Ollama({ host: corral.url, headers: { Authorization: `Bearer ${key.key}` } })
  })
  afterAll(() => corral?.close())

  const myRecords = async (count: number) => {
    let report: Report | undefined
    await expect
      .poll(async () => {
        report = (await user.api.get<Report>('/corral/v1/me/usage?limit=100')).body
        // The report's queries run side by side: a batch written between them shows in one only.
        return Math.min(report.records.length, report.totals.requests)
      })
      .toBeGreaterThanOrEqual(count)
    return report!
  }

  it('records exactly the counts Ollama reported, streamed or not', async () => {
    const prompt = 'The quick brown fox jumps over the lazy dog'
    const streamed = await ollama.generate({
      model: 'llama3.2',
      prompt,
      stream: true,
      options: { num_predict: 11 },
    })
    let final: { prompt_eval_count: number; eval_count: number } | undefined
    for await (const part of streamed) if (part.done) final = part
    const whole = await ollama.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: prompt }],
      options: { num_predict: 6 },
    })
    const report = await myRecords(2)
    const generate = report.records.find((record) => record.endpoint === '/api/generate')!
    const chat = report.records.find((record) => record.endpoint === '/api/chat')!
    expect(generate).toMatchObject({
      prompt_tokens: final!.prompt_eval_count,
      output_tokens: 11,
      status: 200,
      key_id: keyId,
      model: 'llama3.2:latest',
    })
    expect(generate.prompt_tokens).toBe(countTokens(prompt))
    expect(chat).toMatchObject({ prompt_tokens: whole.prompt_eval_count, output_tokens: whole.eval_count })
    for (const record of [generate, chat]) {
      expect(record.queue_wait_ms).toBeGreaterThanOrEqual(0)
      expect(record.time_to_first_token_ms).toBeGreaterThanOrEqual(0)
      expect(record.duration_ms).toBeGreaterThan(0)
      expect(record.backend_id).not.toBeNull()
    }
    expect(report.totals.output_tokens).toBe(11 + whole.eval_count)
  })

  it('counts embeddings by their prompt tokens', async () => {
    const result = await ollama.embed({ model: 'all-minilm', input: 'some text to embed' })
    await expect
      .poll(
        async () =>
          (await user.api.get<Report>('/corral/v1/me/usage?model=all-minilm:latest')).body.records[0]
            ?.prompt_tokens,
      )
      .toBe(result.prompt_eval_count)
  })

  it('lets admins filter usage by user, key, model and time, with totals over time', async () => {
    await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'one' }] })
    await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'two' }] })
    await ollama.embed({ model: 'all-minilm', input: 'three' })
    await myRecords(3)
    const byUser = await admin.api.get<Report>(`/corral/v1/admin/usage?user_id=${user.userId}&bucket=hour`)
    expect(byUser.status).toBe(200)
    expect(byUser.body.records.every((record) => record.user_id === user.userId)).toBe(true)
    expect(byUser.body.by_user![0]).toMatchObject({ key: user.userId, label: user.username })
    expect(byUser.body.by_key[0]!.label).toBe('usage-key')
    expect(byUser.body.over_time!.reduce((sum, bucket) => sum + bucket.requests, 0)).toBe(
      byUser.body.totals.requests,
    )
    const byKey = await admin.api.get<Report>(
      `/corral/v1/admin/usage?key_id=${keyId}&model=all-minilm:latest`,
    )
    expect(byKey.body.totals.requests).toBeGreaterThanOrEqual(1)
    expect(
      byKey.body.records.every((record) => record.model === 'all-minilm:latest' && record.key_id === keyId),
    ).toBe(true)
    const future = await admin.api.get<Report>(
      `/corral/v1/admin/usage?from=${new Date(Date.now() + 3600_000).toISOString()}`,
    )
    expect(future.body.totals.requests).toBe(0)
  })

  it('prices usage at the configured token prices', async () => {
    await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'priced' }] })
    await myRecords(1)
    await admin.api.patch('/corral/v1/admin/settings', {
      token_prices: { input_per_million: 1_000_000, output_per_million: 2_000_000 },
    })
    const report = (await user.api.get<Report>('/corral/v1/me/usage')).body
    expect(report.totals.cost).toBe(report.totals.prompt_tokens + 2 * report.totals.output_tokens)
  })

  it("never shows a user another user's usage", async () => {
    const other = await createUser(admin.api)
    const report = (await other.api.get<Report>(`/corral/v1/me/usage?user_id=${user.userId}`)).body
    expect(report.totals.requests).toBe(0)
  })
})
