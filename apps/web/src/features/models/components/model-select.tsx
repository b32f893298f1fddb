import { Badge, Group, Select, Text, type SelectProps } from '@mantine/core'
import type { AvailableModel } from '@corral/contracts'
import { sameModel, useModels } from '../api/get-models.ts'

const shownCapabilities = ['vision', 'thinking', 'tools']

/** A model picker showing each model's size and what it can do beyond text (vision, thinking, tools). */
export function ModelSelect({
  value,
  onChange,
  ...props
}: { value: string | null; onChange: (model: string) => void } & Omit<
  SelectProps,
  'value' | 'onChange' | 'data'
>) {
  const { data: models = [], isLoading } = useModels()
  const byName = new Map(models.map((model) => [model.name, model]))
  const selected = value ? (models.find((model) => sameModel(model.name, value))?.name ?? value) : null
  const data = models.map((model) => ({ value: model.name, label: model.name }))
  if (selected && !byName.has(selected)) data.push({ value: selected, label: `${selected} (unavailable)` })

  return (
    <Select
      aria-label="Model"
      placeholder={isLoading ? 'Loading models…' : 'Pick a model'}
      data={data}
      value={selected}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      searchable
      nothingFoundMessage="No model matches"
      renderOption={({ option }) => <ModelOption name={option.value} model={byName.get(option.value)} />}
      {...props}
    />
  )
}

function ModelOption({ name, model }: { name: string; model: AvailableModel | undefined }) {
  return (
    <Group gap={6} wrap="nowrap" justify="space-between" w="100%">
      <Text size="sm" truncate>
        {name}
        {model?.parameter_size && (
          <Text span size="xs" c="dimmed">
            {' '}
            {model.parameter_size}
          </Text>
        )}
      </Text>
      <Group gap={4} wrap="nowrap">
        {model?.capabilities
          .filter((capability) => shownCapabilities.includes(capability))
          .map((capability) => (
            <Badge
              key={capability}
              size="xs"
              variant="light"
              color={capability === 'vision' ? 'grape' : 'blue'}
            >
              {capability}
            </Badge>
          ))}
      </Group>
    </Group>
  )
}
