import { Badge, Group, Select, Text, type SelectProps } from '@mantine/core'
import type { AvailableModel } from '@corral/contracts'
import { sameModel } from '../api/get-models.ts'
import { useModelAvailability, type ModelAvailability } from '../hooks/use-model-availability.ts'

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
  const availability = useModelAvailability()
  const models = availability.state === 'ready' ? availability.models : []
  const byName = new Map(models.map((model) => [model.name, model]))
  const selected = value ? (models.find((model) => sameModel(model.name, value))?.name ?? value) : null
  const data = models.map((model) => ({ value: model.name, label: model.name }))
  if (selected && !byName.has(selected)) data.push({ value: selected, label: `${selected} (unavailable)` })

  return (
    <Select
      aria-label="Model"
      placeholder={placeholders[availability.state]}
      data={data}
      value={selected}
      onChange={(next) => next && onChange(next)}
      allowDeselect={false}
      searchable
      nothingFoundMessage={
        availability.state === 'backends-down' ? 'The model servers are down' : 'No model matches'
      }
      renderOption={({ option }) => <ModelOption name={option.value} model={byName.get(option.value)} />}
      {...props}
    />
  )
}

const placeholders: Record<ModelAvailability['state'], string> = {
  loading: 'Loading models…',
  ready: 'Pick a model',
  'none-allowed': 'No model available',
  'backends-down': 'Model servers are down',
  failed: 'Models could not be loaded',
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
