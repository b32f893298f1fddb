import { NumberInput, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { useCancelQueued, usePromoteQueued, type QueuedTarget } from '../api/queue-actions.ts'

/** Cancel, confirmed naming the user and the model; a running request has its answer cut off. */
export function CancelQueuedDialog({
  target,
  running,
  onClose,
}: {
  target: QueuedTarget | null
  running: boolean
  onClose: () => void
}) {
  const cancel = useCancelQueued()
  return (
    <ConfirmDialog
      opened={target !== null}
      onClose={onClose}
      title={running ? 'Cancel a running request' : 'Cancel a waiting request'}
      confirmLabel="Cancel the request"
      loading={cancel.isPending}
      error={cancel.error}
      onConfirm={() => target && cancel.mutate(target, { onSuccess: onClose })}
    >
      <Text size="sm">
        Cancel <b>{target?.username}</b>’s request for <b>{target?.model}</b>?{' '}
        {running
          ? 'Its answer stops where it is and its slot frees.'
          : 'It leaves the queue; its client is told an operator cancelled it.'}
      </Text>
    </ConfirmDialog>
  )
}

/** Promote (or set) the base priority of one waiting request, confirmed naming the user and the model. */
export function PromoteQueuedDialog({
  target,
  currentPriority,
  onClose,
}: {
  target: QueuedTarget | null
  currentPriority: number
  onClose: () => void
}) {
  const promote = usePromoteQueued()
  const [priority, setPriority] = useState<number>(Math.min(10, currentPriority + 1))
  useEffect(() => setPriority(Math.min(10, currentPriority + 1)), [currentPriority, target?.id])
  return (
    <ConfirmDialog
      opened={target !== null}
      onClose={onClose}
      title="Promote a waiting request"
      confirmLabel="Promote"
      color="blue"
      loading={promote.isPending}
      error={promote.error}
      onConfirm={() => target && promote.mutate({ target, priority }, { onSuccess: onClose })}
    >
      <Stack gap="sm">
        <Text size="sm">
          Give <b>{target?.username}</b>’s request for <b>{target?.model}</b> a new base priority, for this
          request only (now {currentPriority}).
        </Text>
        <NumberInput
          label="Priority"
          description="1 (lowest) to 10 (highest); aging still adds to it"
          min={1}
          max={10}
          clampBehavior="strict"
          allowDecimal={false}
          value={priority}
          onChange={(value) => setPriority(typeof value === 'number' ? value : Number(value))}
          data-testid="promote-priority"
        />
      </Stack>
    </ConfirmDialog>
  )
}
