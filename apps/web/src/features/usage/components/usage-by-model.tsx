import { Card, Table, Text } from '@mantine/core'
import type { UsageReport } from '@corral/contracts'
import { formatNumber } from '../../../lib/format.ts'

export function UsageByModel({ rows }: { rows: UsageReport['by_model'] }) {
  return (
    <Card withBorder radius="md" p="lg">
      <Text fw={500} mb="sm">
        By model
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing used in this period.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Model</Table.Th>
                <Table.Th ta="right">Requests</Table.Th>
                <Table.Th ta="right">Prompt tokens</Table.Th>
                <Table.Th ta="right">Output tokens</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.requests)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(Number(row.prompt_tokens))}</Table.Td>
                  <Table.Td ta="right">{formatNumber(Number(row.output_tokens))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  )
}
