import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FairnessReport } from '@corral/contracts'
import type { UsageRecord } from '@corral/core'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { getStats, seedRecords, type Person } from './stats-helpers.ts'

/**
 * The fairness view (docs/monitoring.md, "Fairness"): shares, entitlements and Jain's index computed
 * here from the seeded records and the groups' weights, then compared with the API's.
 */
describe('admin fairness stats', () => {
  let corral: TestCorral
  let admin: SignedIn
  let records: UsageRecord[]
  const weights = new Map<string, number>()
  const start = Date.parse('2026-04-02T08:00:00Z')
  const span = 2 * 3_600_000
  const inputWeight = 1
  const outputWeight = 3

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    await admin.api.patch('/corral/v1/admin/settings', {
      fairness: { input_token_weight: inputWeight, output_token_weight: outputWeight },
    })
    const people: Person[] = []
    for (const [name, priority, weight, members] of [
      ['light', 5, 1, 2],
      ['heavy', 5, 3, 1],
      ['urgent', 8, 2, 2],
    ] as const) {
      const group = await admin.api.post<{ id: string }>('/corral/v1/admin/groups', {
        name: `fair-${name}`,
        priority,
        weight,
      })
      if (group.status !== 201) throw new Error(JSON.stringify(group.body))
      for (let index = 0; index < members; index++) {
        const user = await createUser(admin.api, { group: group.body.id })
        weights.set(user.userId, weight)
        people.push({ userId: user.userId, groupId: group.body.id, keyId: null, priority })
      }
    }
    records = seedRecords(people, start, span, 500, ['b1'])
    // A burst for one light user: their served share then exceeds their entitlement.
    records.push(
      ...seedRecords([people[0]!], start + 5 * 60_000, 60_000, 20, ['b1']).map((record, index) => ({
        ...record,
        requestId: `extra-${index}`,
      })),
    )
    await corral.corral.users.usage.record(records)
  }, 240_000)

  afterAll(() => corral?.close())

  const weighted = (record: UsageRecord) =>
    inputWeight * record.promptTokens + outputWeight * record.outputTokens

  function expectedShares(subset: UsageRecord[]) {
    const served = new Map<string, number>()
    for (const record of subset)
      served.set(record.userId, (served.get(record.userId) ?? 0) + weighted(record))
    const total = [...served.values()].reduce((sum, value) => sum + value, 0)
    const weightSum = [...served.keys()].reduce((sum, id) => sum + weights.get(id)!, 0)
    const shares = [...served.entries()].map(([userId, value]) => ({
      userId,
      served: value / total,
      entitled: weights.get(userId)! / weightSum,
    }))
    const x = shares.map((share) => share.served / share.entitled)
    const jain =
      x.length === 0
        ? null
        : x.reduce((a, b) => a + b, 0) ** 2 / (x.length * x.reduce((a, b) => a + b * b, 0))
    return { shares, jain, total }
  }

  it("gives each user's served and entitled share per priority class, and Jain's index", async () => {
    const response = await getStats<FairnessReport>(admin.api, 'stats/fairness', {
      from: new Date(start).toISOString(),
      to: new Date(start + span).toISOString(),
      tz: 'Asia/Kolkata',
    })
    expect(response.status).toBe(200)
    const report = response.body
    expect(report).toMatchObject({ input_token_weight: 1, output_token_weight: 3, bucket: '15m' })
    expect(report.classes.map((entry) => entry.priority)).toEqual([8, 5])
    for (const entry of report.classes) {
      const ofClass = records.filter((record) => record.priority === entry.priority)
      const expected = expectedShares(ofClass)
      expect(entry.weighted_tokens).toBe(expected.total)
      expect(entry.jain_index).toBeCloseTo(expected.jain!, 9)
      expect(entry.users).toHaveLength(expected.shares.length)
      for (const share of expected.shares) {
        const user = entry.users.find((row) => row.user_id === share.userId)!
        expect(user.weight).toBe(weights.get(share.userId))
        expect(user.served_share).toBeCloseTo(share.served, 9)
        expect(user.entitled_share).toBeCloseTo(share.entitled, 9)
      }
      expect(entry.over_time).toHaveLength(8)
      for (const bucket of entry.over_time) {
        const bucketStart = Date.parse(bucket.bucket_start)
        const inBucket = ofClass.filter(
          (record) =>
            record.finishedAt.getTime() >= bucketStart && record.finishedAt.getTime() < bucketStart + 900_000,
        )
        const expectedBucket = expectedShares(inBucket)
        expect(bucket.active_users).toBe(expectedBucket.shares.length)
        if (expectedBucket.jain === null) expect(bucket.jain_index).toBeNull()
        else expect(bucket.jain_index).toBeCloseTo(expectedBucket.jain, 9)
      }
    }
  })
})
