import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { pino } from 'pino'
import WebSocket from 'ws'
import { openDatabase, type Database } from '@corral/core'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { createKey, createUser, signIn, type ApiClient, type SignedIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { createRegistrationToken, ollamaKeyPair, registration } from '../accounts/accounts-helpers.ts'
import { startCorralProcess } from './corral-process.ts'
import { snapshotDatabase, type DatabaseSnapshot } from './db-copy-snapshot.ts'

/** Words a database can mangle: quotes, backslashes, escapes, line breaks, emoji, right-to-left. */
export const awkwardText = `O'Brien "quoted" back\\slash \\n tab\t newline\n 🦙 مرحبا \u2028 {braces},NULL`

/** The usage records the seed adds beside the ones real requests make: more than a batch holds. */
export const bulkUsageRows = 5000

export interface SeededSource {
  dataDir: string
  /** The CORRAL_* variables of the source Corral (data directory, secret, backends). */
  env: Record<string, string>
  admin: { username: string; password: string }
  user: { id: string; username: string; password: string; key: string; refreshToken: string }
  /** An access token the source signed: verifying it on the target proves the signing keys came along. */
  accessToken: string
}

/**
 * An embedded Corral with data in every table, made by a real `corral start` through its HTTP API and
 * chat socket (people, a group, keys, an Ollama key, sessions, a login failure, an invitation, usage
 * from the official clients, conversations with messages, settings, the IP allowlist, a backend,
 * audit, a redeemed invitation), then stopped. Values no API can make are added with SQL: a bigint
 * past 2^53, microseconds, a JSON null beside an SQL NULL, thousands of usage records, and a sequence
 * ahead of its highest id.
 */
export async function seedEmbeddedSource(
  simUrl: string,
  options: { secretFromFile?: boolean } = {},
): Promise<SeededSource> {
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'corral-db-copy-')), 'data')
  const admin = { username: 'operator', password: strongPassword() }
  const env: Record<string, string> = {
    CORRAL_DATA_DIR: dataDir,
    CORRAL_OLLAMA_URLS: simUrl,
    ...(options.secretFromFile ? {} : { CORRAL_SECRET_KEY: randomBytes(32).toString('base64') }),
  }
  const corral = await startCorralProcess({
    ...env,
    CORRAL_ADMIN_USERNAME: admin.username,
    CORRAL_ADMIN_PASSWORD: admin.password,
  })
  let seeded: SeededSource
  try {
    const operator = await signIn(corral.url, admin.username, admin.password)
    const group = await operator.api.post<{ id: string }>('/corral/v1/admin/groups', {
      name: 'researchers',
      description: awkwardText,
      priority: 7,
      weight: 2.5,
    })
    const user = await createUser(operator.api, { group: 'researchers' })
    if (group.status !== 201) throw new Error(`group: ${group.status}`)
    const key = await createKey(user.api, { name: awkwardText.slice(0, 60) })
    await user.api.post('/corral/v1/me/ollama-keys', { public_key: ollamaKeyPair().publicKeyLine })
    await new Ollama({ host: corral.url, headers: { Authorization: `Bearer ${key.key}` } }).chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: awkwardText }],
    })
    await new OpenAI({ apiKey: key.key, baseURL: `${corral.url}/v1` }).chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Hello' }],
    })
    await chatOnce(corral.url, user)
    await operator.api.patch('/corral/v1/admin/settings', { queue: { max_per_user: 17 } })
    await operator.api.put('/corral/v1/admin/ip-allowlist', {
      enabled: false,
      entries: [{ cidr: '10.0.0.0/8', note: awkwardText }],
    })
    await operator.api.post('/corral/v1/admin/backends', { url: 'http://127.0.0.1:9', name: 'spare' })
    await seedMonitoring(corral.url, operator.api, user.api)
    const invitation = await createRegistrationToken(operator.api, { max_uses: 3 })
    const redeemed = await fetch(`${corral.url}/corral/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration(invitation.token)),
    })
    if (redeemed.status !== 201) throw new Error(`registration: ${redeemed.status}`)
    await fetch(`${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: 'not the password' }),
    })
    seeded = {
      dataDir,
      env,
      admin,
      user: {
        id: user.userId,
        username: user.username,
        password: user.password,
        key: key.key,
        refreshToken: user.refreshToken,
      },
      accessToken: user.api.token!,
    }
  } finally {
    // Usage records are flushed at shutdown.
    await corral.stop()
  }
  await withDatabase(dataDir, async (database) => {
    const db = database.db
    await db.execute(
      sql`update users.groups set monthly_token_quota = 9007199254740993 where name = 'researchers'`,
    )
    await db.execute(sql`insert into users.audit_log (action, details, at) values
      ('test.json-null', 'null'::jsonb, '2025-01-02 03:04:05.123456+00'),
      ('test.sql-null', null, '1999-12-31 23:59:59.999999+00'),
      ('test.awkward', ${JSON.stringify({ text: awkwardText, nested: [1.5, true, null] })}::text::jsonb, now())`)
    await db.execute(sql`insert into users.usage_records (request_id, user_id, key_id, model, endpoint, source,
        status, prompt_tokens, output_tokens, queue_wait_ms, duration_ms, priority, error, finished_at)
      select 'bulk-' || i, ${seeded.user.id}::uuid, null, 'llama3.2', '/api/chat', 'api', 200, i, 2 * i, 1, 10, 7,
        case when i % 10 = 0 then ${awkwardText} end,
        '2025-06-01 00:00:00+00'::timestamptz + i * interval '1.000001 second'
      from generate_series(1, ${bulkUsageRows}) as i`)
    // The sequence stays ahead of the highest id left: the target must continue after it, not reuse it.
    await db.execute(sql`delete from users.audit_log where id = (select max(id) from users.audit_log)`)
  })
  return seeded
}

/** What a file of copy tests shares: a simulator, one seeded source and its snapshot, fresh targets. */
export interface CopyFixture {
  sim: OllamaSim
  source: SeededSource
  /** The source as it was seeded, to compare every copy (and the source after a refusal) with. */
  before: DatabaseSnapshot
  /** A new, empty PostgreSQL database, dropped at `close()`. */
  freshPostgres(): Promise<TestDatabase & { url: string }>
  close(): Promise<void>
}

export async function prepareCopyFixture(): Promise<CopyFixture> {
  const sim = await startOllamaSim({ tokenIntervalMs: 1, loadDelayMs: 1 })
  const source = await seedEmbeddedSource(sim.url)
  const before = await withDatabase(source.dataDir, snapshotDatabase)
  const databases: TestDatabase[] = []
  return {
    sim,
    source,
    before,
    freshPostgres: async () => {
      const database = await createTestDatabase()
      databases.push(database)
      return { ...database, url: database.url! }
    },
    close: async () => {
      for (const database of databases) await database.dispose()
      await sim.close()
      await rm(path.dirname(source.dataDir), { recursive: true, force: true })
    },
  }
}

/** Opens an embedded data directory no server holds, for the test's own reads and writes. */
export async function withDatabase<T>(dataDir: string, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir, logger: pino({ level: 'silent' }) })
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

/** One question through the chat socket, so the conversation has messages the way the chat app makes them. */
async function chatOnce(url: string, user: SignedIn): Promise<void> {
  const conversation = await user.api.post<{ id: string }>('/corral/v1/me/conversations', {
    model: 'llama3.2',
    title: awkwardText,
    options: { temperature: 0.25 },
  })
  const socket = new WebSocket(`${url.replace('http', 'ws')}/corral/v1/chat`)
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as { type: string }
      if (frame.type === 'ready')
        socket.send(
          JSON.stringify({
            type: 'send',
            request_id: 'seed',
            conversation_id: conversation.body.id,
            content: awkwardText,
          }),
        )
      else if (frame.type === 'done') resolve()
      else if (frame.type === 'error') reject(new Error(JSON.stringify(frame)))
    })
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token: user.api.token })))
    socket.once('error', reject)
  })
  socket.close()
}

/**
 * The monitoring tables: an alert target and rule, a delivery attempt (a "send test" to a port nothing
 * listens on), and a refusal (a key limited to one request a minute, asked twice).
 */
async function seedMonitoring(url: string, operator: ApiClient, user: ApiClient): Promise<void> {
  const target = await operator.post<{ id: string }>('/corral/v1/admin/alerts/targets', {
    name: awkwardText.slice(0, 60),
    kind: 'generic',
    url: 'http://127.0.0.1:9/hook',
  })
  if (target.status !== 201) throw new Error(`alert target: ${target.status}`)
  const rule = await operator.post('/corral/v1/admin/alerts/rules', {
    name: 'backend down',
    type: 'backend-down',
    params: { seconds: 30 },
    target_ids: [target.body.id],
  })
  if (rule.status !== 201) throw new Error(`alert rule: ${rule.status}`)
  await operator.post(`/corral/v1/admin/alerts/targets/${target.body.id}/test`, {})
  for (let tries = 0; ; tries++) {
    const log = await operator.get<{ deliveries: unknown[] }>('/corral/v1/admin/alerts/deliveries')
    if (log.body.deliveries.length > 0) break
    if (tries > 100) throw new Error('no delivery attempt was logged')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const limited = await createKey(user, { name: 'limited', limits: { requests_per_minute: 1 } })
  const ask = () =>
    fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama3.2', messages: [], stream: false }),
    })
  await ask()
  const refused = await ask()
  if (refused.status !== 429) throw new Error(`the limited key's second request: ${refused.status}`)
}
