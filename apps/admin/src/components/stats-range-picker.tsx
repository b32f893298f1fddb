import { Badge, Group, SegmentedControl, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { rangePresets, type StatsRangeState } from '../lib/stats-range.ts'

/**
 * Presets and a custom range (two ISO 8601 instants), and the time zone the answer was counted in.
 * `shown` is the range the server used (snapped to the quarter hour).
 */
export function StatsRangePicker({
  state,
  onChange,
  shown,
}: {
  state: StatsRangeState
  onChange: (patch: Partial<StatsRangeState>) => void
  shown?: { from: string; to: string; time_zone: string }
}) {
  const [from, setFrom] = useState(state.from || shown?.from || '')
  const [to, setTo] = useState(state.to || shown?.to || '')
  const applyCustom = () => {
    if (!Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to))) {
      onChange({ range: 'custom', from: new Date(from).toISOString(), to: new Date(to).toISOString() })
    }
  }
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label="Range"
        size="xs"
        value={state.range}
        data={rangePresets.map((preset) => ({ value: preset.value, label: preset.label }))}
        onChange={(value) => {
          const range = value
          if (range === 'custom') {
            setFrom(shown?.from ?? from)
            setTo(shown?.to ?? to)
            onChange({ range, from: shown?.from ?? '', to: shown?.to ?? '' })
          } else onChange({ range, from: '', to: '' })
        }}
      />
      {state.range === 'custom' && (
        <>
          <TextInput
            size="xs"
            label="From"
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
            onBlur={applyCustom}
            onKeyDown={(event) => event.key === 'Enter' && applyCustom()}
          />
          <TextInput
            size="xs"
            label="To"
            value={to}
            onChange={(event) => setTo(event.currentTarget.value)}
            onBlur={applyCustom}
            onKeyDown={(event) => event.key === 'Enter' && applyCustom()}
          />
        </>
      )}
      {shown && (
        <Text size="xs" c="dimmed" data-testid="stats-range">
          {new Date(shown.from).toLocaleString(undefined, { timeZone: shown.time_zone })} –{' '}
          {new Date(shown.to).toLocaleString(undefined, { timeZone: shown.time_zone })}{' '}
          <Badge size="xs" variant="light" data-testid="stats-time-zone">
            {shown.time_zone}
          </Badge>
        </Text>
      )}
    </Group>
  )
}
