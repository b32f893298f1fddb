import { Stack, Table, Text, Title } from '@mantine/core'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { plural } from '../../../lib/format.ts'
import { useAlertDeliveries } from '../api/alert-deliveries.ts'

const resultStatus = { delivered: 'succeeded', retried: 'draining', failed: 'failed' } as const

/** Every attempt, newest first: what was sent where, the answer or the error, and how long it took. */
export function DeliveriesSection() {
  const deliveries = useAlertDeliveries()
  const list = deliveries.data?.deliveries ?? []
  const dropped = deliveries.data?.dropped ?? 0
  return (
    <Stack gap="sm">
      <Title order={3}>Delivery log</Title>
      <Text size="sm" c="dimmed">
        Every attempt; a failed one is retried up to 5 times over about three and a half minutes.
        {dropped > 0 &&
          ` ${plural(dropped, 'notification')} dropped since start: the delivery queue was full.`}
      </Text>
      {deliveries.error && <ProblemAlert error={deliveries.error} />}
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label="Delivery log" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Notice</Table.Th>
              <Table.Th>Attempt</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Answer</Table.Th>
              <Table.Th>Took</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.length === 0 && (
              <TableStateRow columns={8} loading={deliveries.isPending} empty="Nothing sent yet." />
            )}
            {list.map((delivery) => (
              <Table.Tr key={delivery.id}>
                <Table.Td>
                  <RelativeTime iso={delivery.at} />
                </Table.Td>
                <Table.Td>{delivery.rule_name ?? (delivery.state === 'test' ? 'test' : '—')}</Table.Td>
                <Table.Td>{delivery.target_name}</Table.Td>
                <Table.Td>{delivery.state}</Table.Td>
                <Table.Td>{delivery.attempt}</Table.Td>
                <Table.Td>
                  <StatusBadge status={resultStatus[delivery.result]} label={delivery.result} />
                </Table.Td>
                <Table.Td>{delivery.response_status ?? delivery.error ?? '—'}</Table.Td>
                <Table.Td>{delivery.duration_ms} ms</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}
