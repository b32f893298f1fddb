import { Alert, Loader } from '@mantine/core'
import { useConnectionState } from '../hooks/chat-socket-context.ts'

/** Shown while the chat socket is down; it reconnects by itself and nothing said is lost. */
export function ConnectionNotice() {
  const state = useConnectionState()
  if (state !== 'reconnecting') return null
  return (
    <Alert color="yellow" icon={<Loader size={14} color="yellow" />} py={6} data-testid="connection-notice">
      Connection lost. Reconnecting…
    </Alert>
  )
}
