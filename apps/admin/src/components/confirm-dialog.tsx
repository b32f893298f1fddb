import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { ProblemAlert } from './problem-alert.tsx'

/**
 * The one confirmation for anything destructive: it names what goes (`children`, usually the object's
 * key fields), starts with Cancel focused, and for the dangerous cases (deleting a group or a backend,
 * a bulk action on more than one item) waits until the name or count is typed. Mantine's modal traps
 * focus inside and gives it back to the button that opened it.
 */
export function ConfirmDialog({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  onConfirm,
  loading = false,
  typeToConfirm,
  color = 'red',
  error,
}: {
  opened: boolean
  onClose: () => void
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: () => void
  loading?: boolean
  /** The exact text to type (a name, or a count) before the action is allowed. */
  typeToConfirm?: string
  color?: string
  /** The last attempt's failure, shown in place so the dialog can be corrected or cancelled. */
  error?: unknown
}) {
  const [typed, setTyped] = useState('')
  const ready = typeToConfirm === undefined || typed.trim() === typeToConfirm
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      onExitTransitionEnd={() => setTyped('')}
      closeOnClickOutside={!loading}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (ready && !loading) onConfirm()
        }}
      >
        <Stack gap="md">
          {Boolean(error) && <ProblemAlert error={error} />}
          <div>{children}</div>
          {typeToConfirm !== undefined && (
            <TextInput
              label={
                <Text span size="sm">
                  Type <b>{typeToConfirm}</b> to confirm
                </Text>
              }
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              data-testid="type-to-confirm"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button type="submit" color={color} loading={loading} disabled={!ready}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
