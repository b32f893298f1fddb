import { Card, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { rangeStart } from '../api/daily-series.ts'
import { useUsage } from '../api/get-usage.ts'
import { UsageByModel } from './usage-by-model.tsx'
import { UsageChart } from './usage-chart.tsx'
import { UsageStats } from './usage-stats.tsx'

const ranges = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
]

/** The user's own token use over time, in total and by model, from the chat and from their keys. */
export function UsagePanel() {
  const [days, setDays] = useState('30')
  const from = useMemo(() => rangeStart(Number(days)), [days])
  const { data: usage, error, isPending, isFetching } = useUsage(from)

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Group gap="xs">
          <Title order={2}>Usage</Title>
          {isFetching && !isPending && <Loader size="xs" />}
        </Group>
        <SegmentedControl aria-label="Time range" data={ranges} value={days} onChange={setDays} />
      </Group>
      {error && <ProblemAlert problem={describeError(error)} />}
      {isPending && <Loader />}
      {usage && (
        <>
          <UsageStats totals={usage.report.totals} />
          <Card withBorder radius="md" p="lg">
            <Text fw={500} mb="md">
              Tokens per day (UTC)
            </Text>
            <UsageChart days={usage.days} />
          </Card>
          <UsageByModel rows={usage.report.by_model} />
        </>
      )}
    </Stack>
  )
}
