import { Badge, Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { IconPlus, IconSend } from '@tabler/icons-react'
import { useState } from 'react'
import type { AlertTarget } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { useDeleteAlertTarget, useSendAlertTest, useSetAlertTargetEnabled } from '../api/alert-targets.ts'
import { CreateTargetModal } from './create-target-modal.tsx'

/** Webhook targets: generic (signed JSON) or Slack-compatible, with "send test". */
export function TargetsSection({
  targets,
  loading,
  error,
}: {
  targets: AlertTarget[]
  loading: boolean
  error: unknown
}) {
  const [creating, setCreating] = useState(false)
  const [deleting, setDeleting] = useState<AlertTarget | null>(null)
  const sendTest = useSendAlertTest()
  const setEnabled = useSetAlertTargetEnabled()
  const remove = useDeleteAlertTarget()
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Webhook targets</Title>
        <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setCreating(true)}>
          New target
        </Button>
      </Group>
      {error ? <ProblemAlert error={error} /> : null}
      <Table.ScrollContainer minWidth={700}>
        <Table aria-label="Webhook targets" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Target</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {targets.length === 0 && (
              <TableStateRow columns={5} loading={loading} empty="No webhook targets yet." />
            )}
            {targets.map((target) => (
              <Table.Tr key={target.id}>
                <Table.Td>{target.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light" tt="none">
                    {target.kind === 'generic' ? 'generic, signed' : 'slack'}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <Text size="sm" ff="monospace">
                    {target.url}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Enable ${target.name}`}
                    checked={target.enabled}
                    onChange={(event) =>
                      setEnabled.mutate({ id: target.id, enabled: event.currentTarget.checked })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconSend size={14} />}
                      loading={sendTest.isPending && sendTest.variables.id === target.id}
                      onClick={() => sendTest.mutate(target)}
                    >
                      Send test
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(target)}>
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CreateTargetModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => {
          remove.reset()
          setDeleting(null)
        }}
        title="Delete this target?"
        confirmLabel="Delete target"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting, { onSuccess: () => setDeleting(null) })}
      >
        <Text>
          {deleting?.name} ({deleting?.url}). The rules that send to it stop doing so.
        </Text>
      </ConfirmDialog>
    </Stack>
  )
}
