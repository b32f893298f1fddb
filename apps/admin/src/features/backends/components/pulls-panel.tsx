import { Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { ModelPull } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { formatBytes } from '../../../lib/format.ts'
import { isPullActive, useCancelPull } from '../api/model-pulls.ts'

/** Pulls the server is running or ran lately, with a progress bar per backend. */
export function PullsPanel({ pulls }: { pulls: ModelPull[] }) {
  const [cancelling, setCancelling] = useState<ModelPull | null>(null)
  const cancel = useCancelPull()
  const close = () => {
    cancel.reset()
    setCancelling(null)
  }
  if (pulls.length === 0) return null
  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <Title order={4}>Model pulls</Title>
        {pulls.map((pull) => (
          <Stack
            key={pull.id}
            gap={6}
            data-testid="model-pull"
            data-status={pull.status}
            aria-label={`Pull of ${pull.model}`}
          >
            <Group justify="space-between">
              <Group gap="xs">
                <Text fw={600}>{pull.model}</Text>
                <StatusBadge status={pull.status} />
                <Text size="xs" c="dimmed">
                  started <RelativeTime iso={pull.started_at} />
                  {pull.started_by ? ` by ${pull.started_by}` : ''}
                </Text>
              </Group>
              {isPullActive(pull) && (
                <Button size="xs" variant="subtle" color="red" onClick={() => setCancelling(pull)}>
                  Cancel
                </Button>
              )}
            </Group>
            {pull.backends.map((part) => (
              <div key={part.backend_id}>
                <Group justify="space-between" gap="xs">
                  <Text size="sm">
                    {part.backend_name}: {part.error ?? part.message}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {part.total > 0 ? `${formatBytes(part.completed)} of ${formatBytes(part.total)}` : ''}
                    {part.percent !== null ? ` · ${Math.floor(part.percent)} %` : ''}
                  </Text>
                </Group>
                <Progress
                  value={part.status === 'succeeded' ? 100 : (part.percent ?? 0)}
                  color={
                    part.status === 'failed'
                      ? 'red'
                      : part.status === 'succeeded'
                        ? 'teal'
                        : part.status === 'cancelled'
                          ? 'gray'
                          : 'violet'
                  }
                  striped={part.status === 'running'}
                  animated={part.status === 'running'}
                  aria-label={`${pull.model} on ${part.backend_name}`}
                  data-testid="pull-progress"
                />
              </div>
            ))}
          </Stack>
        ))}
      </Stack>
      <ConfirmDialog
        opened={cancelling !== null}
        onClose={close}
        title={`Cancel the pull of ${cancelling?.model}?`}
        confirmLabel="Cancel the pull"
        loading={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancelling && cancel.mutate(cancelling, { onSuccess: close })}
      >
        <Text size="sm">
          It stops on{' '}
          {cancelling?.backends
            .filter((part) => part.status === 'running' || part.status === 'queued')
            .map((part) => part.backend_name)
            .join(', ')}
          . What was downloaded stays in Ollama's cache, so pulling again resumes.
        </Text>
      </ConfirmDialog>
    </Card>
  )
}
