import { Box, Group, Tooltip } from '@mantine/core'
import type { HealthCheck } from '@corral/contracts'
import { formatDateTime } from '../../../lib/format.ts'

/** The last health checks, oldest left: a glance shows a flapping backend. */
export function HealthStrip({ history }: { history: HealthCheck[] }) {
  const checks = [...history].reverse()
  if (checks.length === 0) return null
  const failures = checks.filter((check) => !check.healthy).length
  return (
    <Group
      gap={2}
      wrap="nowrap"
      role="img"
      aria-label={`Last ${checks.length} health checks: ${failures} failed`}
    >
      {checks.map((check) => (
        <Tooltip
          key={check.at}
          label={`${formatDateTime(check.at)}: ${check.healthy ? 'healthy' : (check.error ?? 'unhealthy')}`}
          withArrow
        >
          <Box
            w={5}
            h={16}
            style={{ borderRadius: 2 }}
            bg={check.healthy ? 'var(--mantine-color-teal-5)' : 'var(--mantine-color-red-6)'}
          />
        </Tooltip>
      ))}
    </Group>
  )
}
