import { Center, Loader, Table, Text } from '@mantine/core'
import type { ReactNode } from 'react'

/** The one row a table shows while it loads, or when nothing matches. */
export function TableStateRow({
  columns,
  loading,
  empty,
}: {
  columns: number
  loading: boolean
  empty: ReactNode
}) {
  return (
    <Table.Tr>
      <Table.Td colSpan={columns}>
        <Center py="lg">
          {loading ? <Loader size="sm" aria-label="Loading" /> : <Text c="dimmed">{empty}</Text>}
        </Center>
      </Table.Td>
    </Table.Tr>
  )
}
