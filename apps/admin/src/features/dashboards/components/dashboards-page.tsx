import '@mantine/charts/styles.css'
import { SimpleGrid, Stack } from '@mantine/core'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { StatsRangePicker } from '../../../components/stats-range-picker.tsx'
import { statsQueryOf, statsRangeSpec } from '../../../lib/stats-range.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useBackendStats, useStats } from '../api/get-stats.ts'
import { BackendUtilisation } from './backend-utilisation.tsx'
import { ErrorsChart } from './errors-chart.tsx'
import { LatencyCharts } from './latency-charts.tsx'
import type { RequestLogHref } from './request-log-link.ts'
import { StatsTiles } from './stats-tiles.tsx'
import { TopLists } from './top-lists.tsx'
import { TrafficCharts } from './traffic-charts.tsx'

/** The dashboards over a chosen range (docs/monitoring.md, "Dashboards"). */
export function DashboardsPage({ logHref }: { logHref: RequestLogHref }) {
  const [state, setState] = useUrlState(statsRangeSpec)
  const query = statsQueryOf(state)
  const stats = useStats(query)
  const backends = useBackendStats(query)
  const report = stats.data
  const loading = stats.isPending
  return (
    <Stack gap="md">
      <PageHeader
        title="Dashboards"
        description="Traffic, latency, refusals and the busiest users and models, from the usage records"
        actions={<StatsRangePicker key={state.range} state={state} onChange={setState} shown={report} />}
      />
      {stats.error && !report && <ProblemAlert error={stats.error} />}
      {report && <StatsTiles report={report} logHref={logHref} />}
      <TrafficCharts report={report} loading={loading} error={stats.error} logHref={logHref} />
      <LatencyCharts report={report} loading={loading} error={stats.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <ErrorsChart report={report} loading={loading} error={stats.error} logHref={logHref} />
        <BackendUtilisation
          report={backends.data}
          loading={backends.isPending}
          error={backends.error}
          logHref={logHref}
        />
      </SimpleGrid>
      <TopLists report={report} loading={loading} error={stats.error} logHref={logHref} />
    </Stack>
  )
}
