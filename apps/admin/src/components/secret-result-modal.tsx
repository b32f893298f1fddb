import { Button, Group, Modal, Stack, type ModalProps } from '@mantine/core'
import { useState, type ReactNode } from 'react'

/**
 * A dialog that creates something whose answer holds a secret (a key, a generated password, an
 * invitation link): first the form, then the secret, once, with Done. The answer lives in this
 * dialog's state only, and is forgotten when the dialog has closed.
 */
export function SecretResultModal<T>({
  opened,
  onClose,
  formTitle,
  resultTitle,
  size,
  form,
  result,
}: {
  opened: boolean
  onClose: () => void
  formTitle: string
  resultTitle: (created: T) => string
  size?: ModalProps['size']
  /** The form, given what to call with the created answer. */
  form: (onCreated: (created: T) => void) => ReactNode
  /** What shows above Done: the secret, and what to do with it. */
  result: (created: T) => ReactNode
}) {
  const [created, setCreated] = useState<T | null>(null)
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      // Forget the answer only once the dialog has faded out, so it does not flash back to the form.
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? resultTitle(created) : formTitle}
      closeOnClickOutside={!created}
      size={size}
    >
      {created ? (
        <Stack>
          {result(created)}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        opened && form(setCreated)
      )}
    </Modal>
  )
}
