import { ActionIcon, Group, NumberInput, Select, Switch, TextInput, Tooltip } from '@mantine/core'
import { IconArrowBackUp } from '@tabler/icons-react'
import { formatValue } from '../../../components/change-list.tsx'
import type { SettingField } from './settings-schema.ts'

/** One generated field, with a button that puts back its default (unsaved until Save). */
export function SettingInput({
  field,
  value,
  defaultValue,
  error,
  onChange,
  choices,
}: {
  field: SettingField
  value: unknown
  defaultValue: unknown
  error: string | null
  onChange: (value: unknown) => void
  /** For fields whose values are names of things (the default group): the options to pick from. */
  choices?: { value: string; label: string }[]
}) {
  const reset =
    value !== defaultValue ? (
      <Tooltip label={`Reset to the default (${formatValue(defaultValue)})`}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Reset ${field.title} to its default`}
          onClick={() => onChange(defaultValue)}
        >
          <IconArrowBackUp size={16} />
        </ActionIcon>
      </Tooltip>
    ) : null
  const common = {
    label: field.title,
    description: field.description ?? undefined,
    error: error ?? undefined,
  }

  if (field.kind === 'boolean')
    return (
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Switch
          {...common}
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        {reset}
      </Group>
    )
  const input =
    choices !== undefined ? (
      <Select
        {...common}
        data={choices}
        value={typeof value === 'string' ? value : null}
        onChange={(next) => next && onChange(next)}
        allowDeselect={false}
      />
    ) : field.kind === 'string' ? (
      <TextInput
        {...common}
        value={typeof value === 'string' ? value : ''}
        maxLength={field.node.maxLength}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    ) : (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? value : ''}
        min={field.node.minimum}
        max={field.node.maximum}
        allowDecimal={field.kind === 'number'}
        thousandSeparator=","
        onChange={(next) => onChange(typeof next === 'number' ? next : Number.NaN)}
      />
    )
  return (
    <Group wrap="nowrap" align="flex-end" gap="xs">
      <div style={{ flex: 1 }}>{input}</div>
      <div style={{ width: 28, paddingBottom: error ? 24 : 4 }}>{reset}</div>
    </Group>
  )
}
