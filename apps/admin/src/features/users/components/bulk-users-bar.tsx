import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core'
import { IconLock, IconLockOpen, IconUsersGroup, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { plural } from '../../../lib/format.ts'
import { useBulkUsers } from '../api/bulk-users.ts'
import type { GroupOption } from './users-filters.tsx'

type BulkAction = 'disable' | 'enable' | 'move'

/**
 * Disable, enable or move the selected users, in one all-or-nothing request. More than one user needs
 * the count typed, so a stray click cannot disable a whole page.
 */
export function BulkUsersBar({
  selected,
  groups,
  onClear,
}: {
  selected: string[]
  groups: GroupOption[]
  onClear: () => void
}) {
  const [action, setAction] = useState<BulkAction | null>(null)
  const [group, setGroup] = useState<string | null>(null)
  const bulk = useBulkUsers()
  const count = selected.length
  const groupName = groups.find((option) => option.id === group)?.name
  const close = () => {
    bulk.reset()
    setAction(null)
  }
  const confirm = () =>
    action &&
    bulk.mutate(
      { ids: selected, action, ...(action === 'move' && group ? { group, groupName } : {}) },
      {
        onSuccess: () => {
          close()
          onClear()
        },
      },
    )
  if (count === 0) return null
  return (
    <Paper withBorder p="xs" radius="md" data-testid="bulk-bar">
      <Group justify="space-between" gap="sm">
        <Text size="sm" fw={500} aria-live="polite">
          {plural(count, 'user')} selected
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconLock size={14} />}
            onClick={() => setAction('disable')}
          >
            Disable
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconLockOpen size={14} />}
            onClick={() => setAction('enable')}
          >
            Enable
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconUsersGroup size={14} />}
            onClick={() => setAction('move')}
          >
            Move to group
          </Button>
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
      <ConfirmDialog
        opened={action !== null}
        onClose={close}
        title={
          action === 'move'
            ? `Move ${plural(count, 'user')} to another group?`
            : `${action === 'disable' ? 'Disable' : 'Enable'} ${plural(count, 'user')}?`
        }
        confirmLabel={action === 'move' ? 'Move' : action === 'disable' ? 'Disable' : 'Enable'}
        color={action === 'enable' ? 'teal' : action === 'move' ? 'violet' : 'red'}
        typeToConfirm={count > 1 ? String(count) : undefined}
        loading={bulk.isPending}
        error={bulk.error}
        onConfirm={() => (action !== 'move' || group ? confirm() : undefined)}
      >
        <Stack gap="sm">
          <Text size="sm">
            {action === 'disable' &&
              'They are signed out at once and their API keys stop working. If any of them is the last enabled admin, nothing changes.'}
            {action === 'enable' && 'They can sign in again and their API keys work again.'}
            {action === 'move' && 'They take the new group’s priority, weight, models and limits at once.'}
          </Text>
          {action === 'move' && (
            <Select
              label="Group"
              data={groups.map((option) => ({ value: option.id, label: option.name }))}
              value={group}
              onChange={setGroup}
              searchable
              required
            />
          )}
        </Stack>
      </ConfirmDialog>
    </Paper>
  )
}
