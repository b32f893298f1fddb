import { Badge } from '@mantine/core'

const colors: Record<string, string> = {
  active: 'teal',
  healthy: 'teal',
  succeeded: 'teal',
  running: 'blue',
  queued: 'blue',
  draining: 'yellow',
  expired: 'gray',
  used_up: 'gray',
  cancelled: 'gray',
  disabled: 'red',
  revoked: 'red',
  failed: 'red',
  unhealthy: 'red',
}

/** One look for every status word in the panel (active, revoked, draining …). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <Badge variant="light" color={colors[status] ?? 'gray'} tt="none" style={{ minWidth: 'max-content' }}>
      {label ?? status.replaceAll('_', ' ')}
    </Badge>
  )
}
