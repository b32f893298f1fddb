import type { UsersClient } from '@corral/core'
import type { AdmissionLimits } from '../scheduler/index.ts'

/**
 * Quotas count tokens per UTC day and month. After a restart the counters start from what the usage
 * records already hold for the current periods, so a restart does not reset anyone's quota.
 */
export async function seedQuotas(
  users: UsersClient,
  limits: AdmissionLimits,
  now = new Date(),
): Promise<void> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  const [month, day] = await Promise.all([
    users.usageTotalsSince(monthStart),
    users.usageTotalsSince(dayStart),
  ])
  for (const [scope, monthTotals, dayTotals] of [
    ['key', month.byKey, day.byKey],
    ['group', month.byGroup, day.byGroup],
  ] as const) {
    for (const [id, monthTokens] of monthTotals)
      limits.seed(scope, id, { monthTokens, dayTokens: dayTotals.get(id) ?? 0 })
  }
}
