import { Card, Center, Loader, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { ProblemAlert } from './problem-alert.tsx'

/** A chart's frame with its three other states: loading, failed, and nothing to show in the range. */
export function ChartCard({
  title,
  description,
  loading,
  error,
  empty,
  children,
  testId,
}: {
  title: string
  description?: ReactNode
  loading: boolean
  error: unknown
  empty: boolean
  children: ReactNode
  testId?: string
}) {
  let body = children
  if (error) body = <ProblemAlert error={error} />
  else if (loading)
    body = (
      <Center h={200}>
        <Loader size="sm" aria-label={`Loading ${title}`} />
      </Center>
    )
  else if (empty)
    body = (
      <Center h={120}>
        <Text c="dimmed" size="sm">
          Nothing in this range
        </Text>
      </Center>
    )
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Stack gap="xs">
        <div>
          <Title order={4}>{title}</Title>
          {description && (
            <Text size="xs" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {body}
      </Stack>
    </Card>
  )
}
