import { Button, Group, Modal, Select, Stack } from '@mantine/core'
import { useState } from 'react'
import type { AdminUser } from '@corral/contracts'
import { useMe } from '@corral/web-kit'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { useUpdateUser } from '../api/update-user.ts'
import type { GroupOption } from './users-filters.tsx'

/** Role and group. Demoting the last enabled admin is refused by the server, and the error says so here. */
export function EditUserModal({
  user,
  groups,
  onClose,
}: {
  user: AdminUser | null
  groups: GroupOption[]
  onClose: () => void
}) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Change ${user.username}` : ''}>
      {user && <EditUserForm key={user.id} user={user} groups={groups} onDone={onClose} />}
    </Modal>
  )
}

function EditUserForm({
  user,
  groups,
  onDone,
}: {
  user: AdminUser
  groups: GroupOption[]
  onDone: () => void
}) {
  const [role, setRole] = useState(user.role)
  const [group, setGroup] = useState(user.group_id)
  const update = useUpdateUser()
  const self = useMe().data?.id === user.id
  const changed = role !== user.role || group !== user.group_id
  const groupName = groups.find((option) => option.id === group)?.name ?? group
  const save = () => {
    const words = [
      role !== user.role ? (role === 'admin' ? 'made an admin' : 'made a user') : null,
      group !== user.group_id ? `moved to ${groupName}` : null,
    ].filter(Boolean)
    update.mutate(
      {
        user,
        change: { ...(role !== user.role ? { role } : {}), ...(group !== user.group_id ? { group } : {}) },
        done: `${user.username} ${words.join(' and ')}`,
      },
      { onSuccess: onDone },
    )
  }
  return (
    <Stack>
      {update.error && <ProblemAlert error={update.error} />}
      <Select
        label="Role"
        data={[
          { value: 'user', label: 'User' },
          { value: 'admin', label: 'Admin: can use this panel' },
        ]}
        value={role}
        onChange={(value) => setRole(value === 'admin' ? 'admin' : 'user')}
        allowDeselect={false}
        disabled={self}
        description={self ? 'You cannot demote yourself: another admin can.' : undefined}
        data-autofocus
      />
      <Select
        label="Group"
        description="The group sets the priority, fair-share weight, models and limits"
        data={groups.map((option) => ({ value: option.id, label: option.name }))}
        value={group}
        onChange={(value) => value && setGroup(value)}
        allowDeselect={false}
        searchable
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={save} disabled={!changed} loading={update.isPending}>
          Save
        </Button>
      </Group>
    </Stack>
  )
}
