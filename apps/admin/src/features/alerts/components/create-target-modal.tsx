import { Button, Code, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import type { AlertTargetKind, CreatedAlertTarget } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { SecretResultModal } from '../../../components/secret-result-modal.tsx'
import { ShownOnce } from '../../../components/shown-once.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { notifySuccess } from '../../../lib/notify.ts'
import { useCreateAlertTarget } from '../api/alert-targets.ts'

/** A webhook target; a generic one's signing secret is shown here, once. */
export function CreateTargetModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <SecretResultModal<CreatedAlertTarget>
      opened={opened}
      onClose={onClose}
      formTitle="New webhook target"
      resultTitle={(created) =>
        created.signing_secret ? 'Copy the signing secret' : `Created ${created.name}`
      }
      form={(onCreated) => <TargetForm onCreated={onCreated} onCancel={onClose} />}
      result={(created) =>
        created.signing_secret ? (
          <>
            <ShownOnce secret={created.signing_secret} what="signing secret" testId="signing-secret" />
            <Text size="sm" c="dimmed">
              Each request carries <Code>X-Corral-Signature: t=…,v1=…</Code>: the HMAC-SHA256 of{' '}
              <Code>t.body</Code> with this secret. Check it, and that <Code>t</Code> is recent.
            </Text>
          </>
        ) : (
          <Text size="sm">Slack-compatible targets are not signed: the webhook URL is their secret.</Text>
        )
      }
    />
  )
}

function TargetForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: CreatedAlertTarget) => void
  onCancel: () => void
}) {
  const create = useCreateAlertTarget()
  const form = useForm<{ name: string; kind: AlertTargetKind; url: string }>({
    mode: 'controlled',
    initialValues: { name: '', kind: 'generic', url: '' },
    validate: {
      name: (value) => (value.trim() ? null : 'Give the target a name'),
      url: (value) => (/^https?:\/\//i.test(value.trim()) ? null : 'An http:// or https:// URL'),
    },
  })
  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name.trim(), kind: values.kind, url: values.url.trim() },
      {
        onSuccess: (created) => {
          notifySuccess(`Created the target ${created.name}`)
          onCreated(created)
        },
        onError: (error) => form.setErrors(describeError(error).fieldErrors),
      },
    ),
  )
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <SegmentedControl
          aria-label="Kind"
          data={[
            { value: 'generic', label: 'Generic JSON (signed)' },
            { value: 'slack', label: 'Slack-compatible' },
          ]}
          {...form.getInputProps('kind')}
        />
        <TextInput
          label="URL"
          required
          placeholder="https://hooks.example.com/corral"
          {...form.getInputProps('url')}
        />
        {create.error && <ProblemAlert error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create target
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
