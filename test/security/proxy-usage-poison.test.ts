import { randomUUID } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChangeBus, EventBus, type UsageRecord } from '@corral/core'
import { createTestDatabase } from '@corral/core/testing'
import { createUsersClient, wireUsersServices } from '@corral/users'
import { UsageRecorder } from '../../services/proxy/src/usage/usage-recorder.ts'
import { createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { usageRecordOf } from '../proxy/usage-records.ts'

/** A logger whose lines the test can read. */
type LogLine = { level: number; msg: string; [key: string]: unknown }
function capturingLogger() {
  const lines: LogLine[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) })
  return { logger, lines }
}

describe('usage records cannot be poisoned', () => {
  let corral: TestCorral
  let user: SignedIn
  let key: string

  const post = (path: string, body: string) =>
    fetch(corral.url + path, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body })

  beforeAll(async () => {
    corral = await startTestCorral()
    user = await createUser((await signInAdmin(corral)).api)
    key = (await createKey(user.api)).key
  })
  afterAll(() => corral?.close())

  it('records a request whose model name holds a NUL byte, and every request after it', async () => {
    const poisoned = await post(
      '/api/chat',
      '{"model":"llama3.2\\u0000","messages":[{"role":"user","content":"hi"}],"stream":false}',
    )
    await poisoned.text()
    const normal = await post(
      '/api/chat',
      JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false }),
    )
    expect(normal.status).toBe(200)
    await normal.text()
    const first = await usageRecordOf(user.api, poisoned.headers.get('x-corral-request-id'))
    expect(first.model).toBe('llama3.2:latest')
    await usageRecordOf(user.api, normal.headers.get('x-corral-request-id'))
  })

  it("stores a backend's absurd counts as whole numbers in range (1e308, negative, fractional)", async () => {
    corral.sim.inject({
      kind: 'status',
      status: 200,
      path: '/api/generate',
      body: { model: 'llama3.2', response: 'x', done: true, prompt_eval_count: -5, eval_count: 1e308 },
    })
    const absurd = await post(
      '/api/generate',
      JSON.stringify({ model: 'llama3.2', prompt: 'hi', stream: false }),
    )
    await absurd.text()
    corral.sim.inject({
      kind: 'status',
      status: 200,
      path: '/api/generate',
      body: { model: 'llama3.2', response: 'x', done: true, prompt_eval_count: 2.5, eval_count: 7.9 },
    })
    const fractional = await post(
      '/api/generate',
      JSON.stringify({ model: 'llama3.2', prompt: 'hi', stream: false }),
    )
    await fractional.text()
    expect(await usageRecordOf(user.api, absurd.headers.get('x-corral-request-id'))).toMatchObject({
      prompt_tokens: 0,
      output_tokens: 2_147_483_647,
    })
    expect(await usageRecordOf(user.api, fractional.headers.get('x-corral-request-id'))).toMatchObject({
      prompt_tokens: 2,
      output_tokens: 7,
    })
  })

  it('sets one row the database refuses aside, logs it once without the SQL, and writes the rest', async () => {
    const { logger, lines } = capturingLogger()
    const recorder = new UsageRecorder(createUsersClient(corral.corral.users), logger)
    const ids = Array.from({ length: 5 }, () => randomUUID())
    for (const [index, requestId] of ids.entries())
      recorder.record(record(requestId, index === 2 ? 'not-a-uuid' : user.userId))
    await recorder.flush()
    await recorder.flush()
    for (const [index, requestId] of ids.entries()) {
      if (index !== 2) await usageRecordOf(user.api, requestId)
    }
    const refusals = lines.filter((line) => line.msg.includes('set aside'))
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toMatchObject({ level: 50, requestId: ids[2], code: '22P02' })
    expect(JSON.stringify(lines)).not.toMatch(/insert into|unnest/i)
    await recorder.stop()
  })

  it('logs at error level the records it cannot write before shutdown', async () => {
    // A database that is gone: every write fails, as in an outage at shutdown.
    const testDatabase = await createTestDatabase()
    const users = wireUsersServices(
      testDatabase.database,
      new ChangeBus(testDatabase.database),
      pino({ level: 'silent' }),
      new EventBus(),
    )
    const { logger, lines } = capturingLogger()
    const recorder = new UsageRecorder(createUsersClient(users), logger)
    await testDatabase.dispose()
    recorder.record(record(randomUUID(), user.userId))
    recorder.record(record(randomUUID(), user.userId))
    await recorder.stop()
    const errors = lines.filter((line) => line.level >= 50)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ dropped: 2 })
    expect(errors[0]!.msg).toMatch(/before shutdown/)
  })

  function record(requestId: string, userId: string): UsageRecord {
    return {
      requestId,
      userId,
      keyId: null,
      groupId: randomUUID(),
      model: 'llama3.2:latest',
      backendId: null,
      endpoint: '/api/chat',
      source: 'api',
      status: 200,
      promptTokens: 1,
      outputTokens: 1,
      queueWaitMs: 0,
      timeToFirstTokenMs: null,
      durationMs: 1,
      priority: 5,
      error: null,
      finishedAt: new Date(),
    }
  }
})
