import { NumberInput, SimpleGrid, Text } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { limitFields } from '../lib/limits.ts'

/** The five limit inputs of a form whose values hold `limits` (empty = none). */
export function LimitsInputs<V extends { limits: unknown }>({
  form,
  description,
}: {
  form: UseFormReturnType<V>
  description: string
}) {
  return (
    <div>
      <Text size="sm" fw={500}>
        Limits
      </Text>
      <Text size="xs" c="dimmed" mb={6}>
        {description} Leave a limit empty for none.
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {limitFields.map((field) => (
          <NumberInput
            key={field.key}
            label={field.label}
            placeholder="unlimited"
            min={1}
            allowDecimal={false}
            thousandSeparator=","
            {...form.getInputProps(`limits.${field.key}`)}
          />
        ))}
      </SimpleGrid>
    </div>
  )
}
