import {
  Group,
  NumberInput,
  Slider,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { LimitsInputs } from '../../../components/limits-inputs.tsx'
import type { GroupFormValues } from './group-form-values.ts'

/** The fields of a group: who it is, how it is scheduled (priority, weight), what it may use and how much. */
export function GroupFormFields({
  form,
  modelNames,
}: {
  form: UseFormReturnType<GroupFormValues>
  modelNames: string[]
}) {
  return (
    <Stack gap="md">
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <Textarea label="Description" autosize minRows={1} maxRows={3} {...form.getInputProps('description')} />
      <Stack gap={4}>
        <Group justify="space-between">
          <Text size="sm" fw={500} id="priority-label">
            Priority
          </Text>
          <Text size="sm" c="dimmed">
            {form.values.priority} of 10 (higher goes first)
          </Text>
        </Group>
        <Slider
          min={1}
          max={10}
          step={1}
          marks={[
            { value: 1, label: '1' },
            { value: 5, label: '5' },
            { value: 10, label: '10' },
          ]}
          aria-labelledby="priority-label"
          {...form.getInputProps('priority')}
          mb="md"
        />
        {form.errors.priority && (
          <Text size="xs" c="red">
            {form.errors.priority}
          </Text>
        )}
      </Stack>
      <NumberInput
        label="Fair-share weight"
        description="Under contention, a member of a group with weight 2 gets twice the tokens of weight 1"
        min={0.01}
        max={1000}
        decimalScale={2}
        {...form.getInputProps('weight')}
      />
      <Stack gap={6}>
        <Switch label="Every model" {...form.getInputProps('allModels', { type: 'checkbox' })} />
        {!form.values.allModels && (
          <TagsInput
            label="Models allowed"
            description="Type a name and press Enter; the backends' models are suggested"
            data={modelNames}
            clearable
            {...form.getInputProps('models')}
          />
        )}
      </Stack>
      <LimitsInputs form={form} description="Per member." />
    </Stack>
  )
}
