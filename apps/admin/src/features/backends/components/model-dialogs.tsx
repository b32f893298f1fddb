import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { FleetModel } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { useCopyModel, useDeleteModel } from '../api/model-actions.ts'
import { BackendChoice } from './backend-choice.tsx'

const holders = (model: FleetModel) =>
  model.backends.map((backend) => ({
    id: backend.id,
    label: `${backend.name}${backend.loaded ? ' (loaded now)' : ''}`,
  }))

/** Names the model and the backends it goes from; every backend that has it is ticked to start with. */
export function DeleteModelDialog({ model, onClose }: { model: FleetModel | null; onClose: () => void }) {
  const [chosen, setChosen] = useState<string[]>([])
  const remove = useDeleteModel()
  useEffect(() => setChosen(model?.backends.map((backend) => backend.id) ?? []), [model])
  const close = () => {
    remove.reset()
    onClose()
  }
  const names =
    model?.backends.filter((backend) => chosen.includes(backend.id)).map((backend) => backend.name) ?? []
  return (
    <ConfirmDialog
      opened={model !== null}
      onClose={close}
      title={`Delete ${model?.name}?`}
      confirmLabel={
        names.length ? `Delete from ${names.length === 1 ? names[0] : `${names.length} backends`}` : 'Delete'
      }
      typeToConfirm={names.length > 1 ? String(names.length) : undefined}
      loading={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        model &&
        chosen.length > 0 &&
        remove.mutate({ model: model.name, backend_ids: chosen }, { onSuccess: close })
      }
    >
      {model && (
        <Stack gap="sm">
          <Text size="sm">
            {model.name} is deleted from {names.join(', ') || 'no backend (tick one)'}. Requests for it can
            then only go to the backends that keep it; pulling it again downloads it again.
          </Text>
          <BackendChoice backends={holders(model)} value={chosen} onChange={setChosen} label="From" />
        </Stack>
      )}
    </ConfirmDialog>
  )
}

export function CopyModelDialog({ model, onClose }: { model: FleetModel | null; onClose: () => void }) {
  const [destination, setDestination] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const copy = useCopyModel()
  useEffect(() => {
    setChosen(model?.backends.map((backend) => backend.id) ?? [])
    setDestination(model ? `${model.name.split(':')[0]}:custom` : '')
  }, [model])
  const close = () => {
    copy.reset()
    onClose()
  }
  return (
    <Modal opened={model !== null} onClose={close} title={`Copy ${model?.name}`}>
      {model && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            copy.mutate(
              { source: model.name, destination: destination.trim(), backend_ids: chosen },
              { onSuccess: close },
            )
          }}
        >
          <Stack>
            {copy.error && <ProblemAlert error={copy.error} />}
            <TextInput
              label="New name"
              description="Ollama's copy: the same weights under a second name (no extra disk)"
              value={destination}
              onChange={(event) => setDestination(event.currentTarget.value)}
              data-autofocus
              required
            />
            <BackendChoice backends={holders(model)} value={chosen} onChange={setChosen} label="On" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={copy.isPending}
                disabled={!destination.trim() || chosen.length === 0}
              >
                Copy
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
