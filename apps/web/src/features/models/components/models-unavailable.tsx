import { Text } from '@mantine/core'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import type { ModelAvailability } from '../hooks/use-model-availability.ts'

/** Why no chat can start right now: the model servers are down, or no model is open to this user. */
export function ModelsUnavailable({ availability }: { availability: ModelAvailability }) {
  if (availability.state === 'backends-down' || availability.state === 'failed') {
    return <ProblemAlert problem={availability.problem} data-testid="models-unavailable" />
  }
  if (availability.state === 'none-allowed') {
    return (
      <Text c="dimmed" ta="center" size="sm" data-testid="models-unavailable">
        No chat model is available to you yet: an administrator can pull one or give your group access.
      </Text>
    )
  }
  return null
}
