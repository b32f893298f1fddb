import type { BackendStatsReport, StatsQuery, StatsReport } from '@corral/contracts'
import { resolveStatsRange, type StatsRange, type StatsRangeQuery } from '@corral/core'
import type { ApiKeysRepository } from '../api-keys/api-keys-repository.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import type { UsersRepository } from '../users/users-repository.ts'
import { bucketIndex, bucketsOf } from './bucket-index.ts'
import { addToHistogram, percentilesOf } from './percentiles.ts'
import type { StatsLabelsRepository } from './stats-labels-repository.ts'
import type { CountsRow, StatsRepository, ValueCountsRow } from './stats-repository.ts'

const topLimit = 10

/** The dashboards' figures over a range (docs/monitoring.md, "Dashboards"), from the rollups only. */
export class StatsService {
  constructor(
    private readonly repository: StatsRepository,
    private readonly labels: StatsLabelsRepository,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly settings: SettingsService,
  ) {}

  /** The checked range of a query, in the reporting time zone unless the query names one. */
  async range(query: StatsRangeQuery): Promise<StatsRange> {
    const settings = await this.settings.get()
    return resolveStatsRange(query, settings.reportingTimeZone)
  }

  async report(query: StatsQuery): Promise<StatsReport> {
    const range = await this.range(query)
    const [series, refusalSeries, refusals, latency, users, keys, groups, models, endpoints, statuses] =
      await Promise.all([
        this.repository.series(range),
        this.repository.refusalSeries(range),
        this.repository.refusals(range),
        this.repository.latency(range),
        this.repository.dimension(range, 'user', topLimit),
        this.repository.dimension(range, 'key', topLimit),
        this.repository.dimension(range, 'group', topLimit),
        this.repository.dimension(range, 'model', topLimit),
        this.repository.dimension(range, 'endpoint', topLimit),
        this.repository.dimension(range, 'status'),
      ])
    const [usernames, keyNames, groupNames] = await Promise.all([
      this.users.usernames(users.map((row) => row.value)),
      this.apiKeys.names(keys.map((row) => row.value)),
      this.labels.groupNames(groups.map((row) => row.value)),
    ])

    const buckets = bucketsOf(range).map((bucket) => ({
      bucket_start: new Date(bucket.start).toISOString(),
      seconds: bucket.seconds,
      ...zeroCounts(),
      refusals: 0,
      requests_per_minute: 0,
      tokens_in_per_second: 0,
      tokens_out_per_second: 0,
    }))
    for (const row of series) addCounts(buckets[bucketIndex(range, row.bucket)]!, row)
    for (const row of refusalSeries) buckets[bucketIndex(range, row.bucket)]!.refusals += Number(row.count)
    for (const bucket of buckets) Object.assign(bucket, ratesOf(bucket, bucket.seconds))

    const totals = zeroCounts()
    for (const bucket of buckets) addCounts(totals, bucket)
    const seconds = (range.to.getTime() - range.from.getTime()) / 1000

    const overall = new Map<string, Map<number, number>>()
    const byPriority = new Map<string, Map<number, number>>()
    for (const row of latency) {
      addToHistogram(overall, row.metric, row.bin, Number(row.count))
      addToHistogram(byPriority, `${row.metric}|${row.priority}`, row.bin, Number(row.count))
    }
    const perPriority = (metric: 'queue_wait' | 'ttft') =>
      [...byPriority.entries()]
        .filter(([key]) => key.startsWith(`${metric}|`))
        .map(([key, histogram]) => ({ priority: Number(key.split('|')[1]), ...percentilesOf(histogram) }))
        .sort((a, b) => b.priority - a.priority)

    const top = (rows: ValueCountsRow[], label: (id: string) => string) =>
      rows.map((row) => ({ id: row.value, label: label(row.value), ...countsOf(row) }))
    return {
      ...rangeFields(range),
      tiles: {
        ...totals,
        refusals: buckets.reduce((sum, bucket) => sum + bucket.refusals, 0),
        ...ratesOf(totals, seconds),
        queue_wait: percentilesOf(overall.get('queue_wait') ?? new Map()),
        time_to_first_token: percentilesOf(overall.get('ttft') ?? new Map()),
      },
      series: buckets,
      queue_wait_by_priority: perPriority('queue_wait'),
      time_to_first_token_by_priority: perPriority('ttft'),
      refusals: refusals.map((row) => ({ reason: row.reason, status: row.status, count: Number(row.count) })),
      statuses: statuses.map((row) => ({ status: Number(row.value), requests: Number(row.requests) })),
      top: {
        users: top(users, (id) => usernames.get(id) ?? 'deleted user'),
        keys: top(keys, (id) => keyNames.get(id) ?? 'deleted key'),
        groups: top(groups, (id) => groupNames.get(id) ?? 'deleted group'),
        models: top(models, (id) => id),
        endpoints: top(endpoints, (id) => id),
      },
    }
  }

  /** Busy slot-time per backend over a range; the proxy adds the slots (it owns the backends). */
  async backendBusy(range: StatsRange): Promise<Map<string, { requests: number; busyMs: number }>> {
    const rows = await this.repository.dimension(range, 'backend')
    return new Map(
      rows.map((row) => [row.value, { requests: Number(row.requests), busyMs: Number(row.durationMs) }]),
    )
  }
}

export function rangeFields(
  range: StatsRange,
): Pick<BackendStatsReport, 'from' | 'to' | 'time_zone' | 'bucket'> {
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    time_zone: range.timeZone,
    bucket: range.bucket,
  }
}

type Counts = Pick<StatsReport['tiles'], 'requests' | 'errors' | 'prompt_tokens' | 'output_tokens'>

function zeroCounts(): Counts {
  return { requests: 0, errors: 0, prompt_tokens: 0, output_tokens: 0 }
}

function countsOf(row: CountsRow): Counts {
  return {
    requests: Number(row.requests),
    errors: Number(row.errors),
    prompt_tokens: Number(row.promptTokens),
    output_tokens: Number(row.outputTokens),
  }
}

function addCounts(target: Counts, row: CountsRow | Counts): void {
  const counts = 'promptTokens' in row ? countsOf(row) : row
  target.requests += counts.requests
  target.errors += counts.errors
  target.prompt_tokens += counts.prompt_tokens
  target.output_tokens += counts.output_tokens
}

function ratesOf(counts: Counts, seconds: number) {
  const per = (value: number, unit: number) => (seconds > 0 ? (value * unit) / seconds : 0)
  return {
    requests_per_minute: per(counts.requests, 60),
    tokens_in_per_second: per(counts.prompt_tokens, 1),
    tokens_out_per_second: per(counts.output_tokens, 1),
  }
}
