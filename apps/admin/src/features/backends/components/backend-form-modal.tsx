import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import type { AdminBackend } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { monospaceInput } from '../../../lib/monospace-input.ts'
import { useAddBackend, useUpdateBackend } from '../api/backends.ts'

export type BackendFormTarget = { mode: 'add' } | { mode: 'edit'; backend: AdminBackend }

/** Add a backend, or change its name, URL or slots (its OLLAMA_NUM_PARALLEL) without a restart. */
export function BackendFormModal({
  target,
  onClose,
}: {
  target: BackendFormTarget | null
  onClose: () => void
}) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target?.mode === 'edit' ? `Edit ${target.backend.name}` : 'Add a backend'}
    >
      {target && (
        <BackendForm
          key={target.mode === 'edit' ? target.backend.id : 'new'}
          target={target}
          onDone={onClose}
        />
      )}
    </Modal>
  )
}

function BackendForm({ target, onDone }: { target: BackendFormTarget; onDone: () => void }) {
  const existing = target.mode === 'edit' ? target.backend : null
  const add = useAddBackend()
  const update = useUpdateBackend()
  const failure = add.error ?? update.error
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      url: existing?.url ?? 'http://',
      name: existing?.name ?? '',
      slots: existing?.slots ?? 1,
    },
    validate: {
      url: (value) => (/^https?:\/\/[^/\s]+/.test(value.trim()) ? null : 'An http:// or https:// address'),
      slots: (value) => (Number.isInteger(value) && value >= 1 && value <= 1024 ? null : 'From 1 to 1024'),
    },
  })
  const showFieldErrors = (error: unknown) => form.setErrors(describeError(error).fieldErrors)
  const submit = form.onSubmit((values) => {
    const body = {
      url: values.url.trim(),
      slots: values.slots,
      ...(values.name.trim() ? { name: values.name.trim() } : {}),
    }
    if (!existing) return add.mutate(body, { onSuccess: onDone, onError: showFieldErrors })
    update.mutate(
      { backend: existing, change: body, done: `Saved the backend ${body.name ?? existing.name}` },
      { onSuccess: onDone, onError: showFieldErrors },
    )
  })
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {Boolean(failure) && <ProblemAlert error={failure} />}
        <TextInput
          label="URL"
          description="Where Ollama listens, e.g. http://gpu-1:11434"
          required
          data-autofocus
          styles={monospaceInput}
          {...form.getInputProps('url')}
        />
        <TextInput
          label="Name"
          placeholder="From the URL when empty"
          maxLength={100}
          {...form.getInputProps('name')}
        />
        <NumberInput
          label="Slots"
          description="Requests it is given at once: its OLLAMA_NUM_PARALLEL. Corral never sends more."
          min={1}
          max={1024}
          allowDecimal={false}
          {...form.getInputProps('slots')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending || update.isPending}>
            {existing ? 'Save' : 'Add backend'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
