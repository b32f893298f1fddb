import { Anchor, Progress, Table, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { BackendStatsReport } from '@corral/contracts'
import { ChartCard } from '../../../components/chart-card.tsx'
import { formatNumber } from '../../../lib/format.ts'
import type { RequestLogHref } from './request-log-link.ts'

/** Busy slot-seconds over available slot-seconds per backend; a name opens its requests. */
export function BackendUtilisation({
  report,
  loading,
  error,
  logHref,
}: {
  report: BackendStatsReport | undefined
  loading: boolean
  error: unknown
  logHref: RequestLogHref
}) {
  const backends = report?.backends ?? []
  return (
    <ChartCard
      title="Backend utilisation"
      description="summed request durations ÷ (slots now × range length)"
      loading={loading}
      error={error}
      empty={backends.length === 0}
      testId="chart-backends"
    >
      <Table fz="sm" withRowBorders={false}>
        <Table.Tbody>
          {backends.map((backend) => {
            const percent = backend.utilisation === null ? null : backend.utilisation * 100
            return (
              <Table.Tr key={backend.backend_id}>
                <Table.Td w="30%">
                  <Anchor
                    component={Link}
                    size="sm"
                    to={logHref({ from: report!.from, to: report!.to, backend: backend.backend_id })}
                  >
                    {backend.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Progress value={Math.min(100, percent ?? 0)} aria-label={`${backend.name} utilisation`} />
                </Table.Td>
                <Table.Td w="35%">
                  <Text size="xs" c="dimmed">
                    {percent === null ? 'no slots now' : `${percent.toFixed(1)} %`} ·{' '}
                    {formatNumber(Math.round(backend.busy_slot_seconds))} of{' '}
                    {formatNumber(Math.round(backend.available_slot_seconds))} slot-s · {backend.slots} slots
                  </Text>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </ChartCard>
  )
}
