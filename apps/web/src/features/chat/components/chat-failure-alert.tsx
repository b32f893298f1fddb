import { Button } from '@mantine/core'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeProblem } from '../../../lib/describe-problem.ts'
import type { ChatFailure } from '../stream/chat-conversation.ts'

/** Why the last answer did not come: queue full, a limit, the model server down, the connection. */
export function ChatFailureAlert({
  failure,
  onClose,
  onRetry,
}: {
  failure: ChatFailure
  onClose: () => void
  onRetry?: () => void
}) {
  const problem = describeProblem({
    code: failure.code,
    message: failure.message,
    retryAfterSeconds: failure.retry_after_seconds,
  })
  const retry = onRetry && (
    <Button size="xs" variant="light" color="gray" onClick={onRetry}>
      Try again
    </Button>
  )
  return (
    <ProblemAlert
      problem={problem}
      action={retry}
      withCloseButton
      onClose={onClose}
      data-testid="chat-failure"
    />
  )
}
