import { Table, Text } from '@mantine/core'

export interface Change {
  field: string
  before: unknown
  after: unknown
}

/** A value as a person reads it: null → “none” (or the caller's word), lists joined, objects as JSON. */
export function formatValue(value: unknown, nullAs = 'none'): string {
  if (value === null || value === undefined) return nullAs
  if (Array.isArray(value))
    return value.length === 0 ? 'none' : value.map((item) => formatValue(item)).join(', ')
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'number') return new Intl.NumberFormat().format(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** Before → after, one row per changed field: what a save is about to do, or what an audit entry did. */
export function ChangeList({
  changes,
  labelOf = (field) => field,
  nullAs,
}: {
  changes: Change[]
  labelOf?: (field: string) => string
  nullAs?: (field: string) => string
}) {
  if (changes.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing changes.
      </Text>
    )
  return (
    <Table withTableBorder verticalSpacing={4} data-testid="change-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((change) => (
          <Table.Tr key={change.field}>
            <Table.Td>{labelOf(change.field)}</Table.Td>
            <Table.Td className="diff-removed">{formatValue(change.before, nullAs?.(change.field))}</Table.Td>
            <Table.Td className="diff-added">{formatValue(change.after, nullAs?.(change.field))}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
