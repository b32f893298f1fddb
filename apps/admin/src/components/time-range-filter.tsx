import { Button, Group } from '@mantine/core'
import { DateTimePicker } from '@mantine/dates'
import dayjs from 'dayjs'

export interface TimeRangePreset {
  label: string
  hours: number
}

/** Both ends as ISO 8601 ('' when open), as the list pages keep them in the URL. */
export interface TimeRange {
  from: string
  to: string
}

const toIso = (value: string | null) => (value ? dayjs(value).toISOString() : '')
const ends = [
  { label: 'From', end: 'from' },
  { label: 'To', end: 'to' },
] as const

/**
 * The From and To pickers of a filter bar, and buttons for the last few hours or days (which clear To).
 * `onChange` gets only the end that changed.
 */
export function TimeRangeFilter({
  range,
  onChange,
  presets,
  width,
}: {
  range: TimeRange
  onChange: (patch: Partial<TimeRange>) => void
  presets: readonly TimeRangePreset[]
  width: number
}) {
  return (
    <>
      {ends.map(({ label, end }) => (
        <DateTimePicker
          key={end}
          label={label}
          value={range[end] ? new Date(range[end]) : null}
          onChange={(value) => onChange({ [end]: toIso(value) })}
          clearable
          w={width}
          valueFormat="YYYY-MM-DD HH:mm"
        />
      ))}
      <Group gap={4}>
        {presets.map((preset) => (
          <Button
            key={preset.label}
            size="xs"
            variant="subtle"
            onClick={() => onChange({ from: dayjs().subtract(preset.hours, 'hour').toISOString(), to: '' })}
          >
            {preset.label}
          </Button>
        ))}
      </Group>
    </>
  )
}
