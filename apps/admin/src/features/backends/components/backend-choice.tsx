import { Checkbox, Stack } from '@mantine/core'

/** Ticks for the backends an action applies to (a pull, a delete, a copy). */
export function BackendChoice({
  backends,
  value,
  onChange,
  label,
}: {
  backends: { id: string; label: string }[]
  value: string[]
  onChange: (ids: string[]) => void
  label: string
}) {
  return (
    <Checkbox.Group label={label} value={value} onChange={onChange}>
      <Stack gap={6} mt={6}>
        {backends.map((backend) => (
          <Checkbox key={backend.id} value={backend.id} label={backend.label} />
        ))}
      </Stack>
    </Checkbox.Group>
  )
}
