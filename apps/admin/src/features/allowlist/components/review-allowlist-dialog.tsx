import { Button, Group, List, Modal, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import type { AllowlistDiff } from './allowlist-draft.ts'

/** What the save changes, entry by entry; removed entries are named, because they are what cuts people off. */
export function ReviewAllowlistDialog({
  opened,
  onClose,
  diff,
  enabled,
  onConfirm,
  saving,
  error,
  canSave,
  children,
}: {
  opened: boolean
  onClose: () => void
  diff: AllowlistDiff
  enabled: boolean
  onConfirm: () => void
  saving: boolean
  error: unknown
  canSave: boolean
  children?: ReactNode
}) {
  const describe = (entry: { cidr: string; note: string }) =>
    `${entry.cidr}${entry.note ? ` (${entry.note})` : ''}`
  return (
    <Modal opened={opened} onClose={onClose} title="Save the allowlist?" size="lg">
      <Stack gap="md">
        {Boolean(error) && <ProblemAlert error={error} />}
        {diff.enabledChanged && (
          <Text size="sm" fw={500}>
            {enabled
              ? 'Turns the allowlist on: only listed addresses get in.'
              : 'Turns the allowlist off: every address gets in.'}
          </Text>
        )}
        {diff.removed.length > 0 && (
          <div>
            <Text size="sm" fw={500} c="red">
              Removed ({diff.removed.length})
            </Text>
            <List size="sm" data-testid="removed-entries">
              {diff.removed.map((entry) => (
                <List.Item key={entry.cidr}>{describe(entry)}</List.Item>
              ))}
            </List>
          </div>
        )}
        {diff.added.length > 0 && (
          <div>
            <Text size="sm" fw={500} c="teal">
              Added ({diff.added.length})
            </Text>
            <List size="sm">
              {diff.added.map((entry) => (
                <List.Item key={entry.cidr}>{describe(entry)}</List.Item>
              ))}
            </List>
          </div>
        )}
        {diff.renoted.length > 0 && (
          <div>
            <Text size="sm" fw={500}>
              New notes ({diff.renoted.length})
            </Text>
            <List size="sm">
              {diff.renoted.map((change) => (
                <List.Item key={change.cidr}>
                  {change.cidr}: “{change.before}” → “{change.after}”
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            onClick={onConfirm}
            loading={saving}
            disabled={!canSave}
            color={diff.removed.length > 0 ? 'red' : undefined}
          >
            Save allowlist
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
