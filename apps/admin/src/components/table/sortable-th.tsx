import { Group, Table, UnstyledButton, type TableThProps } from '@mantine/core'
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react'
import type { Sort } from '../../lib/url-state.ts'

/**
 * A column header that sorts on the server. `aria-sort` tells screen readers the current order; the
 * button inside makes it reachable by keyboard. A click sorts ascending, the next click descending.
 */
export function SortableTh<C extends string>({
  column,
  sort,
  onSort,
  children,
  firstDirection = 'asc',
  ...props
}: {
  column: C
  sort: Sort<C>
  onSort: (sort: Sort<C>) => void
  children: string
  /** Dates and counts read best newest or largest first. */
  firstDirection?: Sort['direction']
} & Omit<TableThProps, 'children'>) {
  const active = sort.column === column
  const next: Sort<C>['direction'] = active ? (sort.direction === 'asc' ? 'desc' : 'asc') : firstDirection
  const Icon = !active ? IconArrowsSort : sort.direction === 'asc' ? IconSortAscending : IconSortDescending
  return (
    <Table.Th
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      {...props}
    >
      <UnstyledButton
        onClick={() => onSort({ column, direction: next })}
        fw={700}
        fz="sm"
        aria-label={`${children}: sort ${next === 'asc' ? 'ascending' : 'descending'}`}
      >
        <Group gap={4} wrap="nowrap">
          {children}
          <Icon size={14} opacity={active ? 1 : 0.4} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  )
}
