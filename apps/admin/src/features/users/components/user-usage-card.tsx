import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import type { UserOverview } from '@corral/contracts'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { formatNumber } from '../../../lib/format.ts'

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="lg" fw={600}>
        {value}
      </Text>
    </div>
  )
}

/** The last 30 days in figures, and the newest requests with their queue wait and time to first token. */
export function UserUsageCard({ usage }: { usage: UserOverview['usage'] }) {
  const { totals } = usage
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Usage, last 30 days</Title>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          <Figure label="Requests" value={formatNumber(totals.requests)} />
          <Figure label="Prompt tokens" value={formatNumber(totals.prompt_tokens)} />
          <Figure label="Output tokens" value={formatNumber(totals.output_tokens)} />
          <Figure
            label="Mean queue wait"
            value={`${formatNumber(Math.round(totals.mean_queue_wait_ms))} ms`}
          />
          <Figure
            label="Cost"
            value={new Intl.NumberFormat(undefined, {
              style: 'currency',
              currency: usage.currency || 'USD',
            }).format(totals.cost)}
          />
        </SimpleGrid>
        {usage.recent.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>Endpoint</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Tokens in / out</Table.Th>
                  <Table.Th>Queue wait</Table.Th>
                  <Table.Th>First token</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usage.recent.map((record) => (
                  <Table.Tr key={record.id}>
                    <Table.Td>
                      <RelativeTime iso={record.finished_at} />
                    </Table.Td>
                    <Table.Td>{record.model}</Table.Td>
                    <Table.Td ff="monospace">{record.endpoint}</Table.Td>
                    <Table.Td c={record.status >= 400 ? 'red' : undefined}>{record.status}</Table.Td>
                    <Table.Td>
                      {formatNumber(record.prompt_tokens)} / {formatNumber(record.output_tokens)}
                    </Table.Td>
                    <Table.Td>{formatNumber(record.queue_wait_ms)} ms</Table.Td>
                    <Table.Td>
                      {record.time_to_first_token_ms === null
                        ? '—'
                        : `${formatNumber(record.time_to_first_token_ms)} ms`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  )
}
