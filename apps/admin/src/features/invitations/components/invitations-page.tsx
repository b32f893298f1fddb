import { Badge, Button, Group, Select, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconMailPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { AdminRegistrationToken } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { PaginationBar } from '../../../components/table/pagination-bar.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { formatDateTime, formatRelative } from '../../../lib/format.ts'
import { pageOf, param } from '../../../lib/url-state.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useInvitations, useRevokeInvitation } from '../api/invitations.ts'
import { CreateInvitationModal } from './create-invitation-modal.tsx'

const invitationsView = {
  status: param.oneOf(['any', 'active', 'expired', 'used_up', 'revoked'], 'any'),
  page: param.integer(1),
  size: param.integer(50, { max: 500 }),
  /** `?create=1` opens the dialog, e.g. from the Users page's “Invite” button. */
  create: param.oneOf(['', '1'], ''),
}

/** Registration tokens: who they let in, into which group, how often, until when, and who used them. */
export function InvitationsPage({
  groups,
  defaultGroupId,
}: {
  groups: { id: string; name: string }[]
  defaultGroupId: string | null
}) {
  const [view, setView] = useUrlState(invitationsView)
  const invitations = useInvitations({
    ...pageOf(view),
    ...(view.status !== 'any' ? { status: view.status } : {}),
  })
  const [revoking, setRevoking] = useState<AdminRegistrationToken | null>(null)
  const revoke = useRevokeInvitation()
  const groupName = (id: string | null) =>
    id ? (groups.find((group) => group.id === id)?.name ?? 'a deleted group') : 'the default group'
  const closeRevoke = () => {
    revoke.reset()
    setRevoking(null)
  }
  const tokens = invitations.data?.tokens ?? []

  return (
    <Stack gap="md">
      <PageHeader
        title="Invitations"
        description="Registration tokens let people create their own account in the chat app, in a group and with a role you choose."
        actions={
          <Button
            leftSection={<IconMailPlus size={16} />}
            onClick={() => setView({ create: '1' }, { replace: true })}
          >
            Invite people
          </Button>
        }
      />
      <Group>
        <Select
          label="Status"
          data={[
            { value: 'any', label: 'Any status' },
            { value: 'active', label: 'Active' },
            { value: 'used_up', label: 'Used up' },
            { value: 'expired', label: 'Expired' },
            { value: 'revoked', label: 'Revoked' },
          ]}
          value={view.status}
          onChange={(status) => setView({ status: status ?? 'any' })}
          allowDeselect={false}
          w={160}
        />
      </Group>
      {invitations.error && <ProblemAlert error={invitations.error} />}
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" data-testid="invitations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Token</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Uses</Table.Th>
              <Table.Th>Group and role</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Created by</Table.Th>
              <Table.Th>Redeemed by</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.length === 0 ? (
              <TableStateRow columns={8} loading={invitations.isPending} empty="No invitations." />
            ) : (
              tokens.map((token) => (
                <Table.Tr key={token.id} data-testid="invitation-row">
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      {token.prefix}…
                    </Text>
                    {token.note && (
                      <Text size="xs" c="dimmed">
                        {token.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={token.status} />
                  </Table.Td>
                  <Table.Td>
                    {token.uses} / {token.max_uses ?? '∞'}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {groupName(token.group_id)}
                      {token.role === 'admin' && (
                        <Badge size="xs" ml={6}>
                          admin
                        </Badge>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <RelativeTime iso={token.expires_at} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{token.created_by_username ?? 'the operator'}</Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(token.created_at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Redemptions token={token} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {token.status === 'active' && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setRevoking(token)}
                        aria-label={`Revoke the invitation ${token.prefix}`}
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
      <PaginationBar
        page={view.page}
        pageSize={view.size}
        total={invitations.data?.total ?? 0}
        totalExact={invitations.data?.total_exact ?? true}
        rows={invitations.data?.tokens.length ?? 0}
        onPage={(page) => setView({ page })}
        onPageSize={(size) => setView({ size })}
        noun="invitations"
      />
      <CreateInvitationModal
        opened={view.create === '1'}
        onClose={() => setView({ create: '' }, { replace: true })}
        groups={groups}
        defaultGroupId={defaultGroupId}
      />
      <ConfirmDialog
        opened={revoking !== null}
        onClose={closeRevoke}
        title={`Revoke the invitation ${revoking?.prefix}…?`}
        confirmLabel="Revoke invitation"
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking, { onSuccess: closeRevoke })}
      >
        <Text size="sm">
          {revoking?.note ? `“${revoking.note}”: ` : ''}
          nobody can register with it any more ({revoking?.uses} of {revoking?.max_uses ?? 'unlimited'} uses
          made). The accounts made with it stay.
        </Text>
      </ConfirmDialog>
    </Stack>
  )
}

function Redemptions({ token }: { token: AdminRegistrationToken }) {
  if (token.redemptions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        nobody yet
      </Text>
    )
  const [first, ...rest] = token.redemptions
  return (
    <Tooltip
      multiline
      w={260}
      label={token.redemptions.map((r) => `${r.username}, ${formatDateTime(r.at)}`).join('\n')}
      style={{ whiteSpace: 'pre-line' }}
    >
      <Text size="sm">
        {first!.username} {formatRelative(first!.at)}
        {rest.length > 0 && ` and ${rest.length} more`}
      </Text>
    </Tooltip>
  )
}
