import { Table } from '@mantine/core'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { renderWithMantine } from '../../test/render.tsx'
import { SortableTh } from './sortable-th.tsx'

const renderHeader = (sort: { column: 'name' | 'created'; direction: 'asc' | 'desc' }, onSort = vi.fn()) => {
  renderWithMantine(
    <Table>
      <Table.Thead>
        <Table.Tr>
          <SortableTh column="name" sort={sort} onSort={onSort}>
            Name
          </SortableTh>
          <SortableTh column="created" sort={sort} onSort={onSort} firstDirection="desc">
            Created
          </SortableTh>
        </Table.Tr>
      </Table.Thead>
    </Table>,
  )
  return onSort
}

describe('sortable column headers', () => {
  it('announce the order with aria-sort', () => {
    renderHeader({ column: 'name', direction: 'desc' })
    expect(screen.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending')
    expect(screen.getByRole('columnheader', { name: /Created/ })).toHaveAttribute('aria-sort', 'none')
  })

  it('flip the order of the sorted column, and sort another in its natural first order', async () => {
    const onSort = renderHeader({ column: 'name', direction: 'asc' })
    await userEvent.click(screen.getByRole('button', { name: 'Name: sort descending' }))
    expect(onSort).toHaveBeenLastCalledWith({ column: 'name', direction: 'desc' })
    await userEvent.click(screen.getByRole('button', { name: 'Created: sort descending' }))
    expect(onSort).toHaveBeenLastCalledWith({ column: 'created', direction: 'desc' })
  })
})
