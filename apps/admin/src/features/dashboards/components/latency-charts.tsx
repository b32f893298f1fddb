import { BarChart } from '@mantine/charts'
import { SimpleGrid } from '@mantine/core'
import type { StatsReport } from '@corral/contracts'
import { ChartCard } from '../../../components/chart-card.tsx'

type ByPriority = StatsReport['queue_wait_by_priority']

/** p50/p95/p99 per priority class, for queue wait and for time to first token. */
export function LatencyCharts({
  report,
  loading,
  error,
}: {
  report: StatsReport | undefined
  loading: boolean
  error: unknown
}) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <LatencyChart
        title="Queue wait by priority"
        rows={report?.queue_wait_by_priority}
        loading={loading}
        error={error}
        testId="chart-queue-wait"
      />
      <LatencyChart
        title="Time to first token by priority"
        rows={report?.time_to_first_token_by_priority}
        loading={loading}
        error={error}
        testId="chart-ttft"
      />
    </SimpleGrid>
  )
}

function LatencyChart({
  title,
  rows,
  loading,
  error,
  testId,
}: {
  title: string
  rows: ByPriority | undefined
  loading: boolean
  error: unknown
  testId: string
}) {
  const data = (rows ?? []).map((row) => ({
    priority: `priority ${row.priority}`,
    p50: row.p50_ms ?? 0,
    p95: row.p95_ms ?? 0,
    p99: row.p99_ms ?? 0,
  }))
  return (
    <ChartCard
      title={title}
      description="milliseconds, upper edge of the histogram bin (about 26 % wide)"
      loading={loading}
      error={error}
      empty={data.length === 0}
      testId={testId}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="priority"
        unit=" ms"
        series={[
          { name: 'p50', color: 'teal.5' },
          { name: 'p95', color: 'yellow.6' },
          { name: 'p99', color: 'red.6' },
        ]}
      />
    </ChartCard>
  )
}
