import { Badge, Tooltip } from '@mantine/core'
import type { LiveState } from './live-connection.ts'
import { useLiveState } from './use-live-events.ts'

const looks: Record<LiveState, { label: string; color: string; explain: string }> = {
  live: { label: 'live', color: 'teal', explain: 'Pages update as things happen' },
  connecting: { label: 'connecting', color: 'gray', explain: 'Connecting to the event stream' },
  stale: {
    label: 'stale',
    color: 'orange',
    explain: 'No updates from the server: pages refresh every few seconds until it is back',
  },
  paused: { label: 'paused', color: 'gray', explain: 'Paused while the tab is hidden' },
}

/** The shell's word on whether what the pages show is live (docs/monitoring.md#the-event-stream). */
export function LiveStatusBadge() {
  const state = useLiveState()
  const look = looks[state]
  return (
    <Tooltip label={look.explain}>
      <Badge
        variant="dot"
        color={look.color}
        size="sm"
        data-testid="live-status"
        aria-label={`Updates: ${look.label}`}
      >
        {look.label}
      </Badge>
    </Tooltip>
  )
}
