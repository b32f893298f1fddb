import { Card, Group, Text, UnstyledButton } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'

/** A figure that opens the page behind it. */
export function StatTile({
  label,
  value,
  hint,
  to,
  icon,
}: {
  label: string
  value: ReactNode
  hint?: ReactNode
  to: string
  icon?: ReactNode
}) {
  return (
    <UnstyledButton component={Link} to={to} aria-label={`${label}: open`}>
      <Card withBorder padding="md" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {label}
            </Text>
            <Text size="xl" fw={700} data-testid={`stat-${label.toLowerCase().replaceAll(' ', '-')}`}>
              {value}
            </Text>
            {hint && (
              <Text size="xs" c="dimmed">
                {hint}
              </Text>
            )}
          </div>
          {icon}
        </Group>
      </Card>
    </UnstyledButton>
  )
}
