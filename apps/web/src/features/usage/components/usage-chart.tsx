import { BarChart } from '@mantine/charts'
import { useReducedMotion } from '@mantine/hooks'
import { formatCompact, formatDay, formatNumber } from '../../../lib/format.ts'
import type { DailyUsage } from '../api/daily-series.ts'

/** Prompt and output tokens per day, stacked. */
export function UsageChart({ days }: { days: DailyUsage[] }) {
  // Bars grow in unless the person asked their system for less motion.
  const reduceMotion = useReducedMotion()
  const data = days.map((day) => ({ ...day, label: formatDay(`${day.day}T12:00:00Z`) }))
  return (
    <BarChart
      h={280}
      data={data}
      dataKey="label"
      type="stacked"
      withLegend
      barProps={{ isAnimationActive: !reduceMotion }}
      legendProps={{ verticalAlign: 'bottom' }}
      valueFormatter={formatNumber}
      yAxisProps={{ tickFormatter: (value: number) => formatCompact(value) }}
      series={[
        { name: 'prompt_tokens', label: 'Prompt tokens', color: 'blue.6' },
        { name: 'output_tokens', label: 'Output tokens', color: 'teal.6' },
      ]}
      data-testid="usage-chart"
    />
  )
}
