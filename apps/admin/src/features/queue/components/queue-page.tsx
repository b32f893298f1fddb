import { Badge, Group, Stack, Title } from '@mantine/core'
import { useState } from 'react'
import type { RunningRequest, WaitingRequest } from '@corral/contracts'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { useQueue } from '../api/get-queue.ts'
import { CancelQueuedDialog, PromoteQueuedDialog } from './queue-action-dialogs.tsx'
import { RunningSlots } from './running-slots.tsx'
import { WaitingTable } from './waiting-table.tsx'

/**
 * The live queue board (docs/monitoring.md): what waits, in which order and why, what runs on each
 * backend slot, and the operator's cancel and promote, each confirmed by name.
 */
export function QueuePage({ groupName }: { groupName: (id: string) => string | undefined }) {
  const queue = useQueue()
  const [cancelling, setCancelling] = useState<{
    request: WaitingRequest | RunningRequest
    running: boolean
  }>()
  const [promoting, setPromoting] = useState<WaitingRequest>()
  const snapshot = queue.data
  return (
    <Stack>
      <PageHeader
        title="Queue board"
        description="Every waiting request in the order it will run, why it waits, and what runs on each backend slot, updated as it changes."
        actions={
          snapshot && (
            <Group gap="xs">
              <Badge variant="light" size="lg" data-testid="waiting-count">
                {snapshot.waiting.length} waiting
              </Badge>
              <Badge variant="light" size="lg" color="teal">
                {snapshot.running.length} running
              </Badge>
            </Group>
          )
        }
      />
      {queue.error && <ProblemAlert error={queue.error} />}
      <Title order={3}>Waiting</Title>
      <WaitingTable
        waiting={snapshot?.waiting ?? []}
        loading={queue.isPending}
        groupName={groupName}
        onCancel={(request) => setCancelling({ request, running: false })}
        onPromote={setPromoting}
      />
      <Title order={3}>Running, by backend slot</Title>
      {snapshot && (
        <RunningSlots snapshot={snapshot} onCancel={(request) => setCancelling({ request, running: true })} />
      )}
      <CancelQueuedDialog
        target={cancelling?.request ?? null}
        running={cancelling?.running ?? false}
        onClose={() => setCancelling(undefined)}
      />
      <PromoteQueuedDialog
        target={promoting ?? null}
        currentPriority={promoting?.priority ?? 5}
        onClose={() => setPromoting(undefined)}
      />
    </Stack>
  )
}
