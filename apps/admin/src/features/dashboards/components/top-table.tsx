import { Anchor, Table } from '@mantine/core'
import { Link } from 'react-router'
import { formatNumber } from '../../../lib/format.ts'

export interface TopRow {
  id: string
  label: string
  requests: number
  errors: number
  prompt_tokens: number
  output_tokens: number
}

/** A ranked list whose names open the request log filtered to them. */
export function TopTable({
  rows,
  href,
  name,
}: {
  rows: TopRow[]
  href: (row: TopRow) => string
  name: string
}) {
  return (
    <Table striped withRowBorders={false} fz="sm" data-testid={`top-${name}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{name}</Table.Th>
          <Table.Th ta="right">Requests</Table.Th>
          <Table.Th ta="right">Tokens</Table.Th>
          <Table.Th ta="right">Errors</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.id}>
            <Table.Td>
              <Anchor component={Link} to={href(row)} size="sm">
                {row.label}
              </Anchor>
            </Table.Td>
            <Table.Td ta="right">{formatNumber(row.requests)}</Table.Td>
            <Table.Td ta="right">{formatNumber(row.prompt_tokens + row.output_tokens)}</Table.Td>
            <Table.Td ta="right">{formatNumber(row.errors)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
