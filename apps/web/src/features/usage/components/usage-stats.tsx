import { Card, SimpleGrid, Text } from '@mantine/core'
import type { UsageReport } from '@corral/contracts'
import { formatMilliseconds, formatNumber } from '../../../lib/format.ts'

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} mt={4}>
        {value}
      </Text>
    </Card>
  )
}

export function UsageStats({ totals }: { totals: UsageReport['totals'] }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
      <Stat label="Requests" value={formatNumber(totals.requests)} />
      <Stat label="Prompt tokens" value={formatNumber(Number(totals.prompt_tokens))} />
      <Stat label="Output tokens" value={formatNumber(Number(totals.output_tokens))} />
      <Stat label="Mean queue wait" value={formatMilliseconds(totals.mean_queue_wait_ms)} />
      <Stat
        label="Mean first token"
        value={
          totals.mean_time_to_first_token_ms === null
            ? '—'
            : formatMilliseconds(totals.mean_time_to_first_token_ms)
        }
      />
    </SimpleGrid>
  )
}
