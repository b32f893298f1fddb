import { Table } from '@mantine/core'
import type { AdminUser } from '@corral/contracts'
import { formatDateTime } from '../../../lib/format.ts'

/** The key fields of a user, so a confirmation names exactly who is affected. */
export function UserFacts({ user }: { user: AdminUser }) {
  const rows: [string, string][] = [
    ['Username', user.username],
    ['Role', user.role],
    ['Group', user.group_name],
    ['Status', user.disabled ? 'disabled' : 'active'],
    ['API keys', String(user.active_key_count)],
    ['Created', formatDateTime(user.created_at)],
  ]
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={120}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
