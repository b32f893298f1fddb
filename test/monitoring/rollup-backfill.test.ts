import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FairnessReport, StatsReport } from '@corral/contracts'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { getStats, seedRecords, totalsOf } from './stats-helpers.ts'

/**
 * An upgrade from a version without rollups: the records are there, the rollups empty. The backfill
 * at start-up must build exactly what writing the same records batch by batch builds.
 */
describe('dashboard rollup backfill', () => {
  let corral: TestCorral
  let admin: SignedIn
  const start = Date.parse('2026-05-01T10:00:00Z')
  const query = {
    from: '2026-05-01T00:00:00Z',
    to: '2026-05-04T00:00:00Z',
    tz: 'Asia/Kathmandu',
    bucket: '1h',
  }

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  }, 240_000)

  afterAll(() => corral?.close())

  it('builds from existing records the rollups the batch writes build, once', async () => {
    const user = await createUser(admin.api)
    const records = seedRecords(
      [{ userId: user.userId, groupId: crypto.randomUUID(), keyId: null, priority: 4 }],
      start,
      2 * 86_400_000,
      400,
      ['b1', 'b2'],
    )
    for (let offset = 0; offset < records.length; offset += 100) {
      await corral.corral.users.usage.record(records.slice(offset, offset + 100))
    }
    const stats = () => getStats<StatsReport>(admin.api, 'stats', query)
    const fairness = () => getStats<FairnessReport>(admin.api, 'stats/fairness', query)
    const [before, fairBefore] = [await stats(), await fairness()]
    expect(before.body.tiles).toMatchObject(totalsOf(records))

    await corral.corral.database.db.execute(
      sql`truncate users.usage_minutes, users.usage_dimensions, users.usage_users, users.usage_latency`,
    )
    expect((await stats()).body.tiles.requests).toBe(0)
    expect(await corral.corral.users.usage.backfillRollups()).toBe(true)
    expect((await stats()).body).toEqual(before.body)
    expect((await fairness()).body).toEqual(fairBefore.body)
    // Rollups present: a restart does not count the records again.
    expect(await corral.corral.users.usage.backfillRollups()).toBe(false)
  })
})
