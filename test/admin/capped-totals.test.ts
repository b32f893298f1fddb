import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listTotalCap } from '@corral/core'
import { signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

interface Page {
  total: number
  total_exact: boolean
}

/**
 * Lists count at most 10,000 matching rows (docs/admin-api.md, "Totals"). Each list gets a little over
 * 10,000 rows, seeded in SQL (the API would take minutes), so the real cap is what is tested.
 */
describe('admin list totals past the counting cap', () => {
  let corral: TestCorral
  let admin: SignedIn
  const over = listTotalCap + 50

  const list = async <T extends Page>(path: string, query: Record<string, string | number> = {}) => {
    const search = new URLSearchParams(
      Object.fromEntries(Object.entries(query).map(([name, value]) => [name, String(value)])),
    )
    const response = await admin.api.get<T>(`/corral/v1/admin/${path}?${search.toString()}`)
    if (response.status !== 200) throw new Error(`listing ${path} failed: ${JSON.stringify(response.body)}`)
    return response.body
  }
  const run = (query: ReturnType<typeof sql>) => corral.corral.database.db.execute(query)

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    // Ten admins among them (every thousandth), and the usernames sort in seeding order.
    await run(sql`
      insert into users.users (username, username_key, group_id, role)
      select 'bulk-' || lpad(n::text, 5, '0'), 'bulk-' || lpad(n::text, 5, '0'),
        (select group_id from users.users limit 1), case when n % 1000 = 0 then 'admin' else 'user' end
      from generate_series(1, ${over}) as n`)
    // One user holds them all; every hundredth is revoked.
    await run(sql`
      insert into users.api_keys (user_id, name, prefix, secret_hash, revoked_at)
      select (select id from users.users where username = 'bulk-00001'), 'bulk key ' || n, 'corral_sk_bulk',
        'bulk-hash-' || n, case when n % 100 = 0 then now() end
      from generate_series(1, ${over}) as n`)
    // Exactly the cap of one action, and one more of another in the same family.
    await run(sql`
      insert into users.audit_log (action, actor_username)
      select case when n <= ${listTotalCap} then 'bulk.even' else 'bulk.odd' end, 'seeder'
      from generate_series(1, ${listTotalCap + 1}) as n`)
    await run(sql`
      insert into auth.registration_tokens (prefix, token_hash, revoked_at)
      select 'bulk', 'bulk-token-' || n, case when n % 1000 = 0 then now() end
      from generate_series(1, ${over}) as n`)
  })
  afterAll(() => corral?.close())

  it('caps the users total and says it is a lower bound', async () => {
    expect(await list('users', { limit: 1 })).toMatchObject({ total: listTotalCap, total_exact: false })
  })

  it('counts a filtered list below the cap exactly', async () => {
    expect(await list('users', { q: 'bulk-0000', limit: 1 })).toMatchObject({ total: 9, total_exact: true })
    // The seeded admins and the one the test Corral made.
    expect(await list('users', { role: 'admin', limit: 1 })).toMatchObject({ total: 11, total_exact: true })
    expect(await list('users', { q: 'bulk-', status: 'disabled' })).toMatchObject({
      total: 0,
      total_exact: true,
    })
  })

  it('pages past the cap', async () => {
    const page = await list<Page & { users: { username: string }[] }>('users', {
      q: 'bulk-',
      limit: 50,
      offset: listTotalCap,
    })
    expect(page).toMatchObject({ total: listTotalCap, total_exact: false })
    expect(page.users.map((user) => user.username)).toEqual(
      Array.from({ length: 50 }, (_, index) => `bulk-${String(listTotalCap + 1 + index)}`),
    )
    const last = await list<Page & { users: unknown[] }>('users', { q: 'bulk-', limit: 50, offset: over - 1 })
    expect(last.users).toHaveLength(1)
  })

  it('caps the keys total, counts their filters exactly and pages past the cap', async () => {
    expect(await list('keys', { limit: 1 })).toMatchObject({ total: listTotalCap, total_exact: false })
    expect(await list('keys', { status: 'revoked', limit: 1 })).toMatchObject({
      total: Math.floor(over / 100),
      total_exact: true,
    })
    expect(await list('keys', { q: 'bulk key 1000', limit: 1 })).toMatchObject({
      total: 11,
      total_exact: true,
    })
    const beyond = await list<Page & { keys: unknown[] }>('keys', { limit: 40, offset: over - 20 })
    expect(beyond.keys).toHaveLength(20)
  })

  it('counts exactly up to the cap itself, and caps the audit log past it', async () => {
    expect(await list('audit', { action: 'bulk.even', limit: 1 })).toMatchObject({
      total: listTotalCap,
      total_exact: true,
    })
    expect(await list('audit', { action: 'bulk.', limit: 1 })).toMatchObject({
      total: listTotalCap,
      total_exact: false,
    })
    const pastTheCap = await list<Page & { entries: { action: string }[] }>('audit', {
      action: 'bulk.',
      limit: 5,
      offset: listTotalCap,
    })
    // Newest first (one statement: one time, then by id): the one entry past the cap is the first written.
    expect(pastTheCap.entries.map((entry) => entry.action)).toEqual(['bulk.even'])
  })

  it('caps the invitations total the same way', async () => {
    expect(await list('registration-tokens', { limit: 1 })).toMatchObject({
      total: listTotalCap,
      total_exact: false,
    })
    expect(await list('registration-tokens', { status: 'revoked', limit: 1 })).toMatchObject({
      total: Math.floor(over / 1000),
      total_exact: true,
    })
  })
})
