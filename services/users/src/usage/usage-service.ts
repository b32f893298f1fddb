import type { RefusalCount, Settings, UsageRecord } from '@corral/core'
import type { UsageQuery, UsageReport } from '@corral/contracts'
import type { ApiKeysRepository } from '../api-keys/api-keys-repository.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import type { UsersRepository } from '../users/users-repository.ts'
import type { usageRecords } from '../schema.ts'
import type { UsageAggregate, UsageFilter, UsageRepository } from './usage-repository.ts'

type UsageRecordRow = typeof usageRecords.$inferSelect

type Totals = UsageReport['totals']

/** Usage records and their aggregates, for a user's own page and for the admin dashboards. */
export class UsageService {
  constructor(
    private readonly repository: UsageRepository,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly settings: SettingsService,
  ) {}

  /** Writes a batch of usage records, and the users' "last active" times with it (one statement each). */
  async record(records: readonly UsageRecord[]): Promise<void> {
    await this.repository.insertBatch(records)
    const lastActive = new Map<string, Date>()
    for (const record of records) {
      const seen = lastActive.get(record.userId)
      if (!seen || seen < record.finishedAt) lastActive.set(record.userId, record.finishedAt)
    }
    await this.users.touchActivity(lastActive)
  }

  recordRefusals(counts: readonly RefusalCount[]): Promise<void> {
    return this.repository.insertRefusals(counts)
  }

  /** Builds the dashboard rollups from existing records after an upgrade (a no-op otherwise). */
  backfillRollups(): Promise<boolean> {
    return this.repository.backfillRollups()
  }

  totalsSince(since: Date) {
    return this.repository.totalsSince(since)
  }

  /** One user's totals since `since` and their newest records (the admin's page of a user). */
  async recent(userId: string, since: Date, limit: number) {
    const filter: UsageFilter = { userId, from: since }
    const [settings, totals, records] = await Promise.all([
      this.settings.get(),
      this.repository.totals(filter),
      this.repository.records({ userId }, limit, 0),
    ])
    return {
      since: since.toISOString(),
      totals: totalsOf(totals, settings),
      currency: settings.tokenPrices.currency,
      recent: records.map(presentUsageRecord),
    }
  }

  /** `scopeUserId` pins the report to one user (the `/me` routes); admins pass undefined. */
  async report(query: UsageQuery, scopeUserId?: string): Promise<UsageReport> {
    const filter: UsageFilter = {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      userId: scopeUserId ?? query.user_id,
      keyId: query.key_id,
      model: query.model,
    }
    const [settings, totals, byModel, byKey, byUser, overTime, records] = await Promise.all([
      this.settings.get(),
      this.repository.totals(filter),
      this.repository.groupedBy(filter, 'model'),
      this.repository.groupedBy(filter, 'keyId'),
      scopeUserId ? Promise.resolve(undefined) : this.repository.groupedBy(filter, 'userId'),
      query.bucket ? this.repository.overTime(filter, query.bucket) : Promise.resolve(undefined),
      this.repository.records(filter, query.limit, query.offset),
    ])
    const keyNames = await this.apiKeys.names(byKey.flatMap((row) => (row.key ? [row.key] : [])))
    const usernames = byUser
      ? await this.users.usernames(byUser.flatMap((row) => (row.key ? [row.key] : [])))
      : undefined
    const toTotals = (row: UsageAggregate) => totalsOf(row, settings)
    return {
      totals: toTotals(totals),
      currency: settings.tokenPrices.currency,
      by_model: byModel.map((row) => ({ ...toTotals(row), key: row.key ?? '', label: row.key ?? '' })),
      by_key: byKey.map((row) => ({
        ...toTotals(row),
        key: row.key ?? 'session',
        label: row.key ? (keyNames.get(row.key) ?? 'deleted key') : 'chat (browser session)',
      })),
      by_user: byUser?.map((row) => ({
        ...toTotals(row),
        key: row.key ?? '',
        label: usernames?.get(row.key ?? '') ?? 'deleted user',
      })),
      over_time: overTime?.map((row) => ({ ...toTotals(row), bucket_start: row.key ?? '' })),
      records: records.map(presentUsageRecord),
    }
  }
}

function presentUsageRecord(record: UsageRecordRow): UsageReport['records'][number] {
  return {
    id: record.id,
    request_id: record.requestId,
    user_id: record.userId,
    key_id: record.keyId,
    model: record.model,
    backend_id: record.backendId,
    endpoint: record.endpoint,
    source: record.source,
    status: record.status,
    prompt_tokens: record.promptTokens,
    output_tokens: record.outputTokens,
    queue_wait_ms: record.queueWaitMs,
    time_to_first_token_ms: record.timeToFirstTokenMs,
    duration_ms: record.durationMs,
    priority: record.priority,
    error: record.error,
    finished_at: record.finishedAt.toISOString(),
  }
}

function totalsOf(row: UsageAggregate, settings: Settings): Totals {
  const prices = settings.tokenPrices
  return {
    requests: row.requests,
    prompt_tokens: row.promptTokens,
    output_tokens: row.outputTokens,
    errors: row.errors,
    mean_queue_wait_ms: row.meanQueueWaitMs,
    mean_time_to_first_token_ms: row.meanTimeToFirstTokenMs,
    cost:
      (row.promptTokens * prices.inputPerMillion + row.outputTokens * prices.outputPerMillion) / 1_000_000,
  }
}
