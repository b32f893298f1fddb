import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { AdminGroup } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { SortableTh } from '../../../components/table/sortable-th.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { plural } from '../../../lib/format.ts'
import { param } from '../../../lib/url-state.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useGroups } from '../api/get-groups.ts'
import { useDeleteGroup } from '../api/save-group.ts'
import { GroupEditorModal, type GroupEditorTarget } from './group-editor-modal.tsx'
import { describeLimit, limitFields } from '../../../lib/limits.ts'

const groupsView = {
  sort: param.sort(['name', 'priority', 'weight', 'member_count'], { column: 'priority', direction: 'desc' }),
}

/** Groups are few, so they are sorted here; the order still lives in the URL. */
function sortGroups(groups: AdminGroup[], sort: (typeof groupsView)['sort']['defaultValue']) {
  const sign = sort.direction === 'asc' ? 1 : -1
  return [...groups].sort((a, b) => {
    const x = a[sort.column]
    const y = b[sort.column]
    const order = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y)
    return sign * order || a.name.localeCompare(b.name)
  })
}

export function GroupsPage({ modelNames }: { modelNames: string[] }) {
  const [view, setView] = useUrlState(groupsView)
  const groups = useGroups()
  const [editing, setEditing] = useState<GroupEditorTarget | null>(null)
  const [deleting, setDeleting] = useState<AdminGroup | null>(null)
  const remove = useDeleteGroup()
  const rows = useMemo(() => sortGroups(groups.data ?? [], view.sort), [groups.data, view.sort])
  const closeDelete = () => {
    remove.reset()
    setDeleting(null)
  }
  const onSort = (sort: typeof view.sort) => setView({ sort })

  return (
    <Stack gap="md">
      <PageHeader
        title="Groups"
        description="A group gives its members a priority, a fair-share weight, the models they may use and their limits."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ mode: 'create' })}>
            Create group
          </Button>
        }
      />
      {groups.error && <ProblemAlert error={groups.error} />}
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" data-testid="groups-table">
          <Table.Thead>
            <Table.Tr>
              <SortableTh column="name" sort={view.sort} onSort={onSort}>
                Name
              </SortableTh>
              <SortableTh column="priority" sort={view.sort} onSort={onSort} firstDirection="desc">
                Priority
              </SortableTh>
              <SortableTh column="weight" sort={view.sort} onSort={onSort} firstDirection="desc">
                Weight
              </SortableTh>
              <Table.Th>Models</Table.Th>
              <Table.Th>Limits per member</Table.Th>
              <SortableTh column="member_count" sort={view.sort} onSort={onSort} firstDirection="desc">
                Members
              </SortableTh>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.length === 0 ? (
              <TableStateRow columns={7} loading={groups.isPending} empty="No groups." />
            ) : (
              rows.map((group) => (
                <Table.Tr key={group.id} data-testid="group-row">
                  <Table.Td>
                    <Group gap={6}>
                      <Text fw={500}>{group.name}</Text>
                      {group.is_default && (
                        <Tooltip label="New accounts join this group unless told otherwise">
                          <Badge size="xs" variant="light">
                            default
                          </Badge>
                        </Tooltip>
                      )}
                    </Group>
                    {group.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {group.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{group.priority}</Table.Td>
                  <Table.Td>{group.weight}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {group.models === null
                        ? 'every model'
                        : group.models.length === 0
                          ? 'none'
                          : group.models.join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <LimitsSummary group={group} />
                  </Table.Td>
                  <Table.Td>{group.member_count}</Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${group.name}`}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={<IconPencil size={14} />}
                          onClick={() => setEditing({ mode: 'edit', group })}
                        >
                          Edit
                        </Menu.Item>
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => setDeleting(group)}
                        >
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <GroupEditorModal target={editing} onClose={() => setEditing(null)} modelNames={modelNames} />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={closeDelete}
        title={`Delete the group ${deleting?.name}?`}
        confirmLabel="Delete group"
        typeToConfirm={deleting?.name}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting, { onSuccess: closeDelete })}
      >
        <Text size="sm">
          {deleting && deleting.member_count > 0
            ? `It still has ${plural(deleting.member_count, 'member')}: move them to another group first (Users, select, Move to group).`
            : 'The group and its settings go. It has no members.'}
        </Text>
      </ConfirmDialog>
    </Stack>
  )
}

function LimitsSummary({ group }: { group: AdminGroup }) {
  const set = limitFields.filter((field) => group.limits[field.key] !== null)
  if (set.length === 0)
    return (
      <Text size="sm" c="dimmed">
        none
      </Text>
    )
  return (
    <Stack gap={0}>
      {set.map((field) => (
        <Text key={field.key} size="xs">
          {field.label}: {describeLimit(group.limits[field.key])}
        </Text>
      ))}
    </Stack>
  )
}
