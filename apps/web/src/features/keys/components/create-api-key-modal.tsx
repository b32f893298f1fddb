import { Alert, Button, Code, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { CreatedApiKey } from '@corral/contracts'
import { useState, type FormEvent } from 'react'
import { CopyTextButton } from '@corral/web-kit/ui'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { useCreateApiKey } from '../api/create-api-key.ts'

const expiries = [
  { value: 'never', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
]

/** Creates a key, then shows it once: the server keeps only its hash. */
export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<CreatedApiKey | null>(null)
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      // Forget the key only once the dialog has faded out, so it does not flash back to the form.
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? 'Your new API key' : 'Create an API key'}
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <CreatedKey apiKey={created} onDone={onClose} />
      ) : (
        opened && <CreateForm onCreated={setCreated} onCancel={onClose} />
      )}
    </Modal>
  )
}

function CreateForm({
  onCreated,
  onCancel,
}: {
  onCreated: (key: CreatedApiKey) => void
  onCancel: () => void
}) {
  const [name, setName] = useState('')
  const [expiry, setExpiry] = useState('never')
  const create = useCreateApiKey()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const expires_at =
      expiry === 'never' ? null : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString()
    create.mutate({ name: name.trim(), expires_at }, { onSuccess: onCreated })
  }
  return (
    <form onSubmit={submit}>
      <Stack>
        {create.error && <ProblemAlert problem={describeError(create.error)} />}
        <TextInput
          label="Name"
          description="What uses it, e.g. “laptop” or “nightly batch”"
          required
          maxLength={100}
          data-autofocus
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <Select
          label="Expires"
          data={expiries}
          value={expiry}
          onChange={(value) => setExpiry(value ?? 'never')}
          allowDeselect={false}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function CreatedKey({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
        Copy it now: this is the only time the key is shown.
      </Alert>
      <Group gap="xs" wrap="nowrap">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="created-key">
          {apiKey.key}
        </Code>
        <CopyTextButton text={apiKey.key} label="Copy key" />
      </Group>
      <Text size="sm" c="dimmed">
        Try it:{' '}
        <Code>{`curl ${window.location.origin}/api/tags -H "Authorization: Bearer ${apiKey.prefix}…"`}</Code>
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  )
}
