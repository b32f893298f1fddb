import { Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { AlertRule, AlertTarget } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { useAlertRules, useDeleteAlertRule, useUpdateAlertRule } from '../api/alert-rules.ts'
import { RuleEditorModal } from './rule-editor-modal.tsx'
import { describeRule } from './rule-form-values.ts'

/** The rules, their live state (what fires now), and create, edit, enable and delete. */
export function RulesSection({ targets }: { targets: AlertTarget[] }) {
  const rules = useAlertRules()
  const update = useUpdateAlertRule()
  const remove = useDeleteAlertRule()
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null)
  const [deleting, setDeleting] = useState<AlertRule | null>(null)
  const targetName = (id: string) => targets.find((target) => target.id === id)?.name ?? 'a deleted target'
  const list = rules.data?.rules ?? []
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Rules</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
          New rule
        </Button>
      </Group>
      {rules.error && <ProblemAlert error={rules.error} />}
      <Table.ScrollContainer minWidth={800}>
        <Table aria-label="Alert rules" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Sends to</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Last notice</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.length === 0 && (
              <TableStateRow
                columns={7}
                loading={rules.isPending}
                empty="No rules yet: add one to be told when something goes wrong."
              />
            )}
            {list.map((rule) => (
              <Table.Tr key={rule.id}>
                <Table.Td>{rule.name}</Table.Td>
                <Table.Td>{describeRule(rule)}</Table.Td>
                <Table.Td>
                  {rule.target_ids.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      nobody
                    </Text>
                  ) : (
                    rule.target_ids.map(targetName).join(', ')
                  )}
                </Table.Td>
                <Table.Td>
                  <StatusBadge
                    status={rule.state === 'firing' ? 'failed' : 'active'}
                    label={
                      rule.state === 'firing' ? `firing: ${rule.firing_subjects.join(', ')}` : 'resolved'
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <RelativeTime iso={rule.last_notified_at} never="—" />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Enable ${rule.name}`}
                    checked={rule.enabled}
                    onChange={(event) => update.mutate({ id: rule.id, enabled: event.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setEditing(rule)}>
                      Edit
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(rule)}>
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <RuleEditorModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        rule={editing === 'new' ? null : editing}
        targets={targets}
      />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => {
          remove.reset()
          setDeleting(null)
        }}
        title="Delete this rule?"
        confirmLabel="Delete rule"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting, { onSuccess: () => setDeleting(null) })}
      >
        <Text>
          {deleting?.name}: {deleting && describeRule(deleting)}. Its delivery log stays.
        </Text>
      </ConfirmDialog>
    </Stack>
  )
}
