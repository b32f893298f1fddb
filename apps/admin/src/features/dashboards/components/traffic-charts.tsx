import { AreaChart, BarChart } from '@mantine/charts'
import { SimpleGrid } from '@mantine/core'
import { useNavigate } from 'react-router'
import type { StatsReport } from '@corral/contracts'
import { ChartCard } from '../../../components/chart-card.tsx'
import { bucketLabel } from './stats-format.ts'
import { bucketEnd, type RequestLogHref } from './request-log-link.ts'

/** Requests per minute and tokens per second per bucket; a bar opens the log for its bucket. */
export function TrafficCharts({
  report,
  loading,
  error,
  logHref,
}: {
  report: StatsReport | undefined
  loading: boolean
  error: unknown
  logHref: RequestLogHref
}) {
  const navigate = useNavigate()
  const series = report?.series ?? []
  const starts = series.map((bucket) => bucket.bucket_start)
  const data = series.map((bucket, index) => ({
    label: report ? bucketLabel(bucket.bucket_start, report.bucket, report.time_zone) : '',
    index,
    'Requests per minute': Number(bucket.requests_per_minute.toFixed(3)),
    'Errors per minute': bucket.seconds > 0 ? Number(((bucket.errors * 60) / bucket.seconds).toFixed(3)) : 0,
    'In (tokens/s)': Number(bucket.tokens_in_per_second.toFixed(3)),
    'Out (tokens/s)': Number(bucket.tokens_out_per_second.toFixed(3)),
  }))
  const empty = series.every((bucket) => bucket.requests === 0)
  const openBucket = (index: number) => {
    if (!report) return
    void navigate(logHref({ from: starts[index]!, to: bucketEnd(starts, index, report.to) }))
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <ChartCard
        title="Requests per minute"
        description={report && `per ${report.bucket} bucket; click a bar for its requests`}
        loading={loading}
        error={error}
        empty={empty}
        testId="chart-requests"
      >
        <BarChart
          h={220}
          data={data}
          dataKey="label"
          type="stacked"
          series={[
            { name: 'Requests per minute', color: 'blue.6' },
            { name: 'Errors per minute', color: 'red.6' },
          ]}
          barProps={{
            cursor: 'pointer',
            onClick: (entry: { payload?: { index?: number } }) => {
              if (entry.payload?.index !== undefined) openBucket(entry.payload.index)
            },
          }}
        />
      </ChartCard>
      <ChartCard
        title="Tokens per second"
        description="prompt tokens in, generated tokens out"
        loading={loading}
        error={error}
        empty={empty}
        testId="chart-tokens"
      >
        <AreaChart
          h={220}
          data={data}
          dataKey="label"
          series={[
            { name: 'In (tokens/s)', color: 'teal.6' },
            { name: 'Out (tokens/s)', color: 'grape.6' },
          ]}
          curveType="monotone"
        />
      </ChartCard>
    </SimpleGrid>
  )
}
