import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@corral/core'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { authMigrations } from '../src/index.ts'
import { LoginThrottleRepository } from '../src/throttle/login-throttle-repository.ts'

/** Two sign-ins in the same millisecond, both refused, each taking back its failure at once. */
describe.runIf(process.env.CORRAL_TEST_DB === 'postgres')('taking failed sign-ins back concurrently', () => {
  let testDatabase: TestDatabase
  const clients: pg.Client[] = []

  beforeAll(async () => {
    testDatabase = await createTestDatabase()
    await testDatabase.database.migrate([authMigrations])
    for (let index = 0; index < 2; index++) {
      const client = new pg.Client({ connectionString: testDatabase.url })
      await client.connect()
      clients.push(client)
    }
  })
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()))
    await testDatabase?.dispose()
  })

  it('removes one row each, not the same row twice', async () => {
    const [first, second] = clients.map(
      (client) => new LoginThrottleRepository(drizzle({ client }) as unknown as Db),
    )
    const at = new Date()
    await first!.record(['user:ann'], at)
    await first!.record(['user:ann'], at)
    // The first removal holds its row locked while the second runs.
    await clients[0]!.query('begin')
    await first!.remove(['user:ann'], at)
    const secondRemoval = second!.remove(['user:ann'], at)
    await new Promise((resolve) => setTimeout(resolve, 200))
    await clients[0]!.query('commit')
    await secondRemoval
    const left = await clients[1]!.query<{ left: number }>(
      `select count(*)::int as left from auth.login_failures where throttle_key = 'user:ann'`,
    )
    expect(left.rows[0]!.left).toBe(0)
  })
})
