import { Autocomplete, Button, Group, Modal, Stack, Switch, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { AdminBackend } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { useStartPull } from '../api/model-pulls.ts'
import { BackendChoice } from './backend-choice.tsx'

/** Pull onto every healthy backend, or onto the chosen ones; the server runs it and keeps its progress. */
export function PullModelModal({
  opened,
  onClose,
  backends,
  knownModels,
}: {
  opened: boolean
  onClose: () => void
  backends: AdminBackend[]
  knownModels: string[]
}) {
  const [model, setModel] = useState('')
  const [everywhere, setEverywhere] = useState(true)
  const [chosen, setChosen] = useState<string[]>([])
  const start = useStartPull()
  const close = () => {
    start.reset()
    setModel('')
    onClose()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    start.mutate(
      { model: model.trim(), ...(everywhere ? {} : { backend_ids: chosen }) },
      { onSuccess: close },
    )
  }
  return (
    <Modal opened={opened} onClose={close} title="Pull a model">
      <form onSubmit={submit}>
        <Stack>
          {start.error && <ProblemAlert error={start.error} />}
          <Autocomplete
            label="Model"
            description="A name from the Ollama library, e.g. llama3.2 or qwen3:8b"
            data={knownModels}
            value={model}
            onChange={setModel}
            data-autofocus
            required
          />
          <Switch
            label="Onto every healthy backend"
            checked={everywhere}
            onChange={(event) => setEverywhere(event.currentTarget.checked)}
          />
          {!everywhere && (
            <BackendChoice
              label="Backends"
              value={chosen}
              onChange={setChosen}
              backends={backends.map((backend) => ({
                id: backend.id,
                label: `${backend.name}${backend.healthy ? '' : ' (not healthy)'}`,
              }))}
            />
          )}
          <Text size="xs" c="dimmed">
            The pull keeps running if you leave this page; its progress shows here for every admin.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={start.isPending}
              disabled={!model.trim() || (!everywhere && chosen.length === 0)}
            >
              Pull
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
