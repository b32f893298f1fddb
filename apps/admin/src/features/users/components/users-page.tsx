import { Button, Stack } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconMailPlus, IconUserPlus } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { PaginationBar } from '../../../components/table/pagination-bar.tsx'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useUsers } from '../api/get-users.ts'
import { BulkUsersBar } from './bulk-users-bar.tsx'
import { CreateUserModal } from './create-user-modal.tsx'
import { UserActionDialogs, type PendingUserAction } from './user-action-dialogs.tsx'
import { UsersFilters, type GroupOption } from './users-filters.tsx'
import { UsersTable } from './users-table.tsx'
import { usersQueryFrom, usersView } from './users-view.ts'

/**
 * Users, one server page at a time: search, filters, sort and page live in the URL; a selection can
 * be disabled, enabled or moved together.
 */
export function UsersPage({
  groups,
  defaultGroupId,
  userHref,
  inviteHref,
}: {
  groups: GroupOption[]
  defaultGroupId: string | null
  userHref: (id: string) => string
  inviteHref: string
}) {
  const [view, setView] = useUrlState(usersView)
  const query = usersQueryFrom(view)
  const users = useUsers(query)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [pending, setPending] = useState<PendingUserAction | null>(null)
  const [creating, create] = useDisclosure(false)

  // A selection belongs to the rows on screen: another page or filter starts afresh.
  const viewKey = JSON.stringify(query)
  useEffect(() => setSelected(new Set()), [viewKey])

  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current)
      for (const id of ids)
        if (on) next.add(id)
        else next.delete(id)
      return next
    })

  return (
    <Stack gap="md">
      <PageHeader
        title="Users"
        description="Everyone who can sign in or own API keys. Search, filters and sorting run on the server."
        actions={
          <>
            <Button
              component={Link}
              to={inviteHref}
              variant="default"
              leftSection={<IconMailPlus size={16} />}
            >
              Invite
            </Button>
            <Button leftSection={<IconUserPlus size={16} />} onClick={create.open}>
              Create user
            </Button>
          </>
        }
      />
      <UsersFilters view={view} onChange={setView} groups={groups} />
      <BulkUsersBar selected={[...selected]} groups={groups} onClear={() => setSelected(new Set())} />
      {users.error && <ProblemAlert error={users.error} />}
      <UsersTable
        users={users.data?.users ?? []}
        loading={users.isPending}
        view={view}
        onSort={(sort) => setView({ sort })}
        selected={selected}
        onSelect={select}
        onAction={(action, user) => setPending({ action, user })}
        userHref={userHref}
      />
      <PaginationBar
        page={view.page}
        pageSize={view.size}
        total={users.data?.total ?? 0}
        totalExact={users.data?.total_exact ?? true}
        rows={users.data?.users.length ?? 0}
        onPage={(page) => setView({ page })}
        onPageSize={(size) => setView({ size })}
        noun="users"
      />
      <UserActionDialogs pending={pending} groups={groups} onClose={() => setPending(null)} />
      <CreateUserModal
        opened={creating}
        onClose={create.close}
        groups={groups}
        defaultGroupId={defaultGroupId}
        inviteHref={inviteHref}
      />
    </Stack>
  )
}
