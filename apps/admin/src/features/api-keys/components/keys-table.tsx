import { Anchor, Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core'
import { Link } from 'react-router'
import type { AdminApiKey } from '@corral/contracts'
import { MaskedKey } from '../../../components/masked-key.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { SortableTh } from '../../../components/table/sortable-th.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import type { Sort } from '../../../lib/url-state.ts'
import type { KeysView } from './keys-view.ts'

type KeySortColumn = KeysView['sort']['column']

export function KeysTable({
  keys,
  loading,
  sort,
  onSort,
  onRevoke,
  userHref,
  showOwner = true,
}: {
  keys: AdminApiKey[]
  loading: boolean
  sort?: Sort<KeySortColumn>
  onSort?: (sort: Sort<KeySortColumn>) => void
  onRevoke: (key: AdminApiKey) => void
  userHref: (id: string) => string
  showOwner?: boolean
}) {
  const header = (column: KeySortColumn, label: string, firstDirection: 'asc' | 'desc' = 'asc') =>
    sort && onSort ? (
      <SortableTh column={column} sort={sort} onSort={onSort} firstDirection={firstDirection}>
        {label}
      </SortableTh>
    ) : (
      <Table.Th>{label}</Table.Th>
    )
  const columns = showOwner ? 10 : 8
  return (
    <Table.ScrollContainer minWidth={showOwner ? 1000 : 760}>
      <Table verticalSpacing="xs" data-testid="keys-table">
        <Table.Thead>
          <Table.Tr>
            {header('name', 'Name')}
            <Table.Th>Key</Table.Th>
            {showOwner && header('username', 'Owner')}
            {showOwner && <Table.Th>Group</Table.Th>}
            <Table.Th>Priority</Table.Th>
            <Table.Th>Status</Table.Th>
            {header('last_used_at', 'Last used', 'desc')}
            {header('expires_at', 'Expires')}
            {header('created_at', 'Created', 'desc')}
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.length === 0 ? (
            <TableStateRow columns={columns} loading={loading} empty="No key matches these filters." />
          ) : (
            keys.map((key) => (
              <Table.Tr key={key.id} data-testid="key-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {key.name}
                  </Text>
                  <KeyRestrictions apiKey={key} />
                </Table.Td>
                <Table.Td>
                  <MaskedKey prefix={key.prefix} lastFour={key.last_four} />
                </Table.Td>
                {showOwner && (
                  <Table.Td>
                    <Anchor component={Link} to={userHref(key.user_id)} size="sm">
                      {key.username}
                    </Anchor>
                  </Table.Td>
                )}
                {showOwner && (
                  <Table.Td>
                    <Text size="sm">{key.group_name}</Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Tooltip
                    label={key.priority_override === null ? 'The group’s priority' : 'The key’s own priority'}
                  >
                    <Text size="sm" span>
                      {key.priority}
                      {key.priority_override === null ? '' : ' (own)'}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={key.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <RelativeTime iso={key.last_used_at} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <RelativeTime iso={key.expires_at} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <RelativeTime iso={key.created_at} />
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {key.status !== 'revoked' && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onRevoke(key)}
                      aria-label={`Revoke ${key.name} of ${key.username}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

/** Models, addresses, scopes and limits of a key, when it has any beyond its group's. */
function KeyRestrictions({ apiKey }: { apiKey: AdminApiKey }) {
  const limits = Object.values(apiKey.limits).filter((value) => value !== null).length
  const badges = [
    apiKey.models ? `${apiKey.models.length} models` : null,
    apiKey.cidrs ? `${apiKey.cidrs.length} address ranges` : null,
    limits ? `${limits} limits` : null,
    ...apiKey.scopes,
  ].filter((badge): badge is string => badge !== null)
  if (badges.length === 0) return null
  return (
    <Group gap={4} mt={2}>
      {badges.map((badge) => (
        <Badge
          key={badge}
          size="xs"
          variant="outline"
          color="gray"
          tt="none"
          style={{ minWidth: 'max-content' }}
        >
          {badge}
        </Badge>
      ))}
    </Group>
  )
}
