import { SimpleGrid } from '@mantine/core'
import type { StatsReport } from '@corral/contracts'
import { StatTile } from '../../../components/stat-tile.tsx'
import { formatNumber } from '../../../lib/format.ts'
import { formatMs, formatRate } from './stats-format.ts'
import type { RequestLogHref } from './request-log-link.ts'

/** The range's totals; each opens the request log over the range (errors: the failed ones). */
export function StatsTiles({ report, logHref }: { report: StatsReport; logHref: RequestLogHref }) {
  const { tiles, from, to } = report
  const range = { from, to }
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      <StatTile label="Requests" value={formatNumber(tiles.requests)} to={logHref(range)} />
      <StatTile
        label="Requests per minute"
        value={formatRate(tiles.requests_per_minute)}
        to={logHref(range)}
      />
      <StatTile
        label="Tokens in per second"
        value={formatRate(tiles.tokens_in_per_second)}
        hint={`${formatNumber(tiles.prompt_tokens)} prompt tokens`}
        to={logHref(range)}
      />
      <StatTile
        label="Tokens out per second"
        value={formatRate(tiles.tokens_out_per_second)}
        hint={`${formatNumber(tiles.output_tokens)} output tokens`}
        to={logHref(range)}
      />
      <StatTile label="Errors" value={formatNumber(tiles.errors)} to={logHref({ ...range, status: '5xx' })} />
      <StatTile
        label="Refusals"
        value={formatNumber(tiles.refusals)}
        hint="refused before a backend (no request record)"
        to={logHref(range)}
      />
      <StatTile
        label="Queue wait p95"
        value={formatMs(tiles.queue_wait.p95_ms)}
        hint={`p50 ${formatMs(tiles.queue_wait.p50_ms)}`}
        to={logHref(range)}
      />
      <StatTile
        label="Time to first token p95"
        value={formatMs(tiles.time_to_first_token.p95_ms)}
        hint={`p50 ${formatMs(tiles.time_to_first_token.p50_ms)}`}
        to={logHref(range)}
      />
    </SimpleGrid>
  )
}
