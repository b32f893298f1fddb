import { BarChart } from '@mantine/charts'
import { useNavigate } from 'react-router'
import type { StatsReport } from '@corral/contracts'
import { ChartCard } from '../../../components/chart-card.tsx'
import type { RequestLogHref } from './request-log-link.ts'

/** Words for the refusal reasons the proxy reports and the statuses backends answer. */
const reasonLabels: Record<string, string> = {
  'queue-full': 'queue full',
  'user-queue-full': 'user queue full',
  'queue-timeout': 'maximum wait',
  'rate-limit': 'rate limit',
  'concurrency-limit': 'concurrency limit',
  'daily-quota': 'daily quota',
  'monthly-quota': 'monthly quota',
  'model-not-allowed': 'model not allowed',
  'no-backend': 'no backend',
}

/**
 * Refusals (counted from the event stream; no request record) and failed requests by status. A
 * status bar opens the request log filtered to that status.
 */
export function ErrorsChart({
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
  const refusals = (report?.refusals ?? []).map((row) => ({
    reason: `refused: ${reasonLabels[row.reason] ?? row.reason}`,
    Requests: row.count,
  }))
  const failures = (report?.statuses ?? [])
    .filter((row) => row.status >= 400 && row.status !== 499)
    .map((row) => ({ reason: `status ${row.status}`, Requests: row.requests, status: row.status }))
  const data = [...refusals, ...failures]
  return (
    <ChartCard
      title="Errors and refusals by reason"
      description="click a status for its requests; refusals never reached a backend and have no record"
      loading={loading}
      error={error}
      empty={data.length === 0}
      testId="chart-errors"
    >
      <BarChart
        h={Math.max(160, data.length * 32)}
        data={data}
        dataKey="reason"
        orientation="vertical"
        yAxisProps={{ width: 170 }}
        series={[{ name: 'Requests', color: 'red.6' }]}
        barProps={{
          cursor: 'pointer',
          onClick: (entry: { payload?: { status?: number } }) => {
            if (report && entry.payload?.status !== undefined) {
              void navigate(
                logHref({ from: report.from, to: report.to, status: String(entry.payload.status) }),
              )
            }
          },
        }}
      />
    </ChartCard>
  )
}
