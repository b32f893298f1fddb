import { ActionIcon, Anchor, Badge, Checkbox, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core'
import { IconDots, IconKey } from '@tabler/icons-react'
import { Link } from 'react-router'
import type { AdminUser } from '@corral/contracts'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { SortableTh } from '../../../components/table/sortable-th.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { UserActionItems, type UserAction } from './user-action-items.tsx'
import type { UsersView } from './users-view.ts'

export function UsersTable({
  users,
  loading,
  view,
  onSort,
  selected,
  onSelect,
  onAction,
  userHref,
}: {
  users: AdminUser[]
  loading: boolean
  view: UsersView
  onSort: (sort: UsersView['sort']) => void
  selected: ReadonlySet<string>
  onSelect: (ids: string[], selected: boolean) => void
  onAction: (action: UserAction, user: AdminUser) => void
  userHref: (id: string) => string
}) {
  const allSelected = users.length > 0 && users.every((user) => selected.has(user.id))
  const someSelected = users.some((user) => selected.has(user.id))
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="xs" highlightOnHover data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select every user on this page"
                checked={allSelected}
                indeterminate={someSelected && !allSelected}
                onChange={(event) =>
                  onSelect(
                    users.map((user) => user.id),
                    event.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            <SortableTh column="username" sort={view.sort} onSort={onSort}>
              Username
            </SortableTh>
            <SortableTh column="role" sort={view.sort} onSort={onSort}>
              Role
            </SortableTh>
            <Table.Th>Group</Table.Th>
            <Table.Th>Status</Table.Th>
            <SortableTh column="last_active_at" sort={view.sort} onSort={onSort} firstDirection="desc">
              Last active
            </SortableTh>
            <SortableTh column="created_at" sort={view.sort} onSort={onSort} firstDirection="desc">
              Created
            </SortableTh>
            <Table.Th>Keys</Table.Th>
            <Table.Th w={48}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.length === 0 ? (
            <TableStateRow columns={9} loading={loading} empty="No user matches these filters." />
          ) : (
            users.map((user) => (
              <Table.Tr
                key={user.id}
                data-testid="user-row"
                bg={selected.has(user.id) ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${user.username}`}
                    checked={selected.has(user.id)}
                    onChange={(event) => onSelect([user.id], event.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={userHref(user.id)} fw={500}>
                    {user.username}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {user.role === 'admin' ? (
                    <Badge variant="filled" size="sm">
                      admin
                    </Badge>
                  ) : (
                    <Text size="sm">user</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {user.group_name}{' '}
                    <Text span size="xs" c="dimmed">
                      (priority {user.priority})
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={user.disabled ? 'disabled' : 'active'} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <RelativeTime iso={user.last_active_at} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <RelativeTime iso={user.created_at} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <IconKey size={14} opacity={0.6} aria-hidden />
                    <Text size="sm">{user.active_key_count}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <UserRowMenu user={user} onAction={onAction} />
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function UserRowMenu({
  user,
  onAction,
}: {
  user: AdminUser
  onAction: (action: UserAction, user: AdminUser) => void
}) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.username}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <UserActionItems user={user} onAction={(action) => onAction(action, user)} />
      </Menu.Dropdown>
    </Menu>
  )
}
