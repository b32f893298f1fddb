import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { AdminUser, UserSession } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { useEndSessions, useUserSessions } from '../api/user-sessions.ts'

/** Browser sessions: where and when each was used, and a way to end one or all of them. */
export function UserSessionsCard({ user }: { user: AdminUser }) {
  const sessions = useUserSessions(user.id)
  const end = useEndSessions()
  const [ending, setEnding] = useState<UserSession | 'all' | null>(null)
  const close = () => {
    end.reset()
    setEnding(null)
  }
  const list = sessions.data ?? []
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Sessions</Title>
          <Button
            size="xs"
            variant="light"
            color="red"
            disabled={list.length === 0}
            onClick={() => setEnding('all')}
          >
            Sign out everywhere
          </Button>
        </Group>
        {sessions.error && <ProblemAlert error={sessions.error} />}
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Browser</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.length === 0 ? (
                <TableStateRow
                  columns={5}
                  loading={sessions.isPending}
                  empty="No session: signed out everywhere."
                />
              ) : (
                list.map((session) => (
                  <Table.Tr key={session.id} data-testid="session-row">
                    <Table.Td>
                      <RelativeTime iso={session.created_at} />
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime iso={session.last_used_at} />
                    </Table.Td>
                    <Table.Td ff="monospace">{session.ip ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="xs" lineClamp={1} maw={260} title={session.user_agent ?? undefined}>
                        {session.user_agent ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="subtle" color="red" onClick={() => setEnding(session)}>
                        End
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      <ConfirmDialog
        opened={ending !== null}
        onClose={close}
        title={
          ending === 'all' ? `Sign ${user.username} out everywhere?` : `End this session of ${user.username}?`
        }
        confirmLabel={ending === 'all' ? 'Sign out everywhere' : 'End session'}
        loading={end.isPending}
        error={end.error}
        onConfirm={() =>
          ending &&
          end.mutate(
            {
              userId: user.id,
              username: user.username,
              ...(ending === 'all' ? {} : { sessionId: ending.id }),
            },
            { onSuccess: close },
          )
        }
      >
        <Text size="sm">
          {ending === 'all'
            ? `All ${list.length} sessions end within a moment.`
            : `The browser at ${ending?.ip ?? 'an unknown address'} is signed out within a moment.`}{' '}
          API keys keep working; {user.username} can sign in again.
        </Text>
      </ConfirmDialog>
    </Card>
  )
}
