import { ActionIcon, Anchor, Badge, Code, Stack, Table, Text } from '@mantine/core'
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react'
import { Fragment, useState } from 'react'
import { Link } from 'react-router'
import type { AdminAuditEntry } from '@corral/contracts'
import { ChangeList } from '../../../components/change-list.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { formatDateTime } from '../../../lib/format.ts'
import { auditChanges } from './audit-changes.ts'

/** The current name of a target the entry names only by id (a backend, a group), when known. */
export type TargetName = (type: string, id: string) => string | undefined

/** Who did what to what, from where and when; a row opens to its before → after. */
export function AuditTable({
  entries,
  loading,
  userHref,
  targetName,
}: {
  entries: AdminAuditEntry[]
  loading: boolean
  userHref: (id: string) => string
  targetName?: TargetName
}) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const toggle = (id: number) =>
    setOpen((current) => {
      const next = new Set(current)
      if (!next.delete(id)) next.add(id)
      return next
    })
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36} />
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Address</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.length === 0 ? (
            <TableStateRow columns={6} loading={loading} empty="No entry matches these filters." />
          ) : (
            entries.map((entry) => {
              const changes = auditChanges(entry)
              const expanded = open.has(entry.id)
              return (
                <Fragment key={entry.id}>
                  <Table.Tr data-testid="audit-row" data-action={entry.action}>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        onClick={() => toggle(entry.id)}
                        aria-expanded={expanded}
                        aria-label={`${expanded ? 'Hide' : 'Show'} the changes of ${entry.action}`}
                      >
                        {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(entry.at)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {entry.actor_user_id && entry.actor_username ? (
                        <Anchor component={Link} to={userHref(entry.actor_user_id)} size="sm">
                          {entry.actor_username}
                        </Anchor>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {entry.actor_username ?? 'system'}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" tt="none" ff="monospace">
                        {entry.action}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Target entry={entry} userHref={userHref} targetName={targetName} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {entry.ip ?? '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr style={{ display: expanded ? undefined : 'none' }}>
                    <Table.Td />
                    <Table.Td colSpan={5}>
                      <Stack gap="xs" py="xs">
                        {changes.length > 0 && <ChangeList changes={changes} nullAs={() => '—'} />}
                        {entry.details && Object.keys(entry.details).length > 0 && (
                          <Code block>{JSON.stringify(entry.details, null, 2)}</Code>
                        )}
                        {changes.length === 0 && !entry.details && (
                          <Text size="sm" c="dimmed">
                            No field changes recorded.
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                </Fragment>
              )
            })
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

/** What names the target in the record itself: a name in its details or its changes, else a URL. */
function nameIn(entry: AdminAuditEntry): string | null {
  for (const field of ['name', 'username', 'model', 'url', 'prefix']) {
    for (const source of [entry.details, entry.after, entry.before]) {
      const value = source?.[field]
      if (typeof value === 'string' && value) return field === 'prefix' ? `${value}…` : value
    }
  }
  return null
}

function Target({
  entry,
  userHref,
  targetName,
}: {
  entry: AdminAuditEntry
  userHref: (id: string) => string
  targetName?: TargetName
}) {
  if (!entry.target_type) return <Text size="sm">—</Text>
  const owner = entry.details?.owner
  const name =
    (entry.target_id ? targetName?.(entry.target_type, entry.target_id) : undefined) ??
    nameIn(entry) ??
    entry.target_id ??
    ''
  const label = name + (typeof owner === 'string' ? ` of ${owner}` : '')
  return (
    <Text size="sm">
      <Text span c="dimmed" size="sm">
        {entry.target_type.replaceAll('_', ' ')}{' '}
      </Text>
      {entry.target_type === 'user' && entry.target_id ? (
        <Anchor component={Link} to={userHref(entry.target_id)} size="sm">
          {label}
        </Anchor>
      ) : (
        label
      )}
    </Text>
  )
}
