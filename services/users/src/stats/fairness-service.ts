import type { FairnessQuery, FairnessReport } from '@corral/contracts'
import type { StatsRangeQuery } from '@corral/core'
import type { SettingsService } from '../settings/settings-service.ts'
import { bucketIndex, bucketsOf } from './bucket-index.ts'
import { jainIndex } from './jain-index.ts'
import type { StatsLabelsRepository } from './stats-labels-repository.ts'
import type { StatsRepository, UserShareRow } from './stats-repository.ts'
import { rangeFields, type StatsService } from './stats-service.ts'

type ClassReport = FairnessReport['classes'][number]

/**
 * Shares of served tokens against entitlements, per priority class (docs/monitoring.md, "Fairness").
 * Tokens are weighted as the scheduler charges them (`fairness.input/output_token_weight`); a user's
 * entitled share is their group weight over the summed weights of the users served in that class in
 * the same span, which is the split the scheduler's weighted counters converge to when all of them
 * keep asking. Allocations for Jain's index are served share ÷ entitled share, so 1 means "as entitled".
 */
export class FairnessService {
  constructor(
    private readonly stats: StatsService,
    private readonly repository: StatsRepository,
    private readonly labels: StatsLabelsRepository,
    private readonly settings: SettingsService,
  ) {}

  async report(query: FairnessQuery): Promise<FairnessReport> {
    let range = await this.stats.range(query)
    // The per-user rollup is per quarter hour: finer buckets would be empty between its rows.
    if (range.bucket === '1m' || range.bucket === '5m') {
      range = await this.stats.range({ ...(query as StatsRangeQuery), bucket: '15m' })
    }
    const [settings, rows] = await Promise.all([this.settings.get(), this.repository.userShares(range)])
    const { inputTokenWeight, outputTokenWeight } = settings.fairness
    const weighted = (row: UserShareRow) =>
      inputTokenWeight * Number(row.promptTokens) + outputTokenWeight * Number(row.outputTokens)
    const people = await this.labels.userWeights([...new Set(rows.map((row) => row.userId))])
    const weightOf = (userId: string) => people.get(userId)?.weight ?? 1

    const byClass = new Map<number, UserShareRow[]>()
    for (const row of rows) {
      const list = byClass.get(row.priority) ?? []
      list.push(row)
      byClass.set(row.priority, list)
    }
    const buckets = bucketsOf(range)
    const classes: ClassReport[] = [...byClass.entries()]
      .sort(([a], [b]) => b - a)
      .map(([priority, classRows]) => {
        const perUser = new Map<string, { requests: number; weighted: number }>()
        const perBucket = buckets.map(() => new Map<string, number>())
        for (const row of classRows) {
          const user = perUser.get(row.userId) ?? { requests: 0, weighted: 0 }
          user.requests += Number(row.requests)
          user.weighted += weighted(row)
          perUser.set(row.userId, user)
          const bucket = perBucket[bucketIndex(range, row.bucket)]!
          bucket.set(row.userId, (bucket.get(row.userId) ?? 0) + weighted(row))
        }
        const shares = sharesOf(new Map([...perUser].map(([id, user]) => [id, user.weighted])), weightOf)
        const total = [...perUser.values()].reduce((sum, user) => sum + user.weighted, 0)
        return {
          priority,
          weighted_tokens: total,
          jain_index: jainIndex(shares.map((share) => allocation(share))),
          users: shares
            .map((share) => ({
              user_id: share.userId,
              username: people.get(share.userId)?.username ?? 'deleted user',
              weight: weightOf(share.userId),
              requests: perUser.get(share.userId)!.requests,
              weighted_tokens: perUser.get(share.userId)!.weighted,
              served_share: share.served,
              entitled_share: share.entitled,
            }))
            .sort((a, b) => b.weighted_tokens - a.weighted_tokens),
          over_time: perBucket.map((served, index) => {
            const bucketShares = sharesOf(served, weightOf)
            return {
              bucket_start: new Date(buckets[index]!.start).toISOString(),
              active_users: bucketShares.length,
              jain_index: jainIndex(bucketShares.map((share) => allocation(share))),
            }
          }),
        }
      })
    return {
      ...rangeFields(range),
      input_token_weight: inputTokenWeight,
      output_token_weight: outputTokenWeight,
      classes,
    }
  }
}

interface Share {
  userId: string
  served: number
  entitled: number
}

/** Served and entitled shares of the users served (weighted tokens > 0 or any request) in a span. */
function sharesOf(served: ReadonlyMap<string, number>, weightOf: (userId: string) => number): Share[] {
  const total = [...served.values()].reduce((sum, value) => sum + value, 0)
  const weights = [...served.keys()].reduce((sum, userId) => sum + weightOf(userId), 0)
  return [...served.entries()].map(([userId, value]) => ({
    userId,
    served: total > 0 ? value / total : 0,
    entitled: weights > 0 ? weightOf(userId) / weights : 0,
  }))
}

const allocation = (share: Share) => (share.entitled > 0 ? share.served / share.entitled : 0)
