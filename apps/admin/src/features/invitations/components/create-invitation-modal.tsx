import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useForm } from '@mantine/form'
import type { CreateRegistrationTokenRequest } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { SecretResultModal } from '../../../components/secret-result-modal.tsx'
import { ShownOnce } from '../../../components/shown-once.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { expiresAt } from '../../../lib/expiry.ts'
import { notifySuccess } from '../../../lib/notify.ts'
import { useCreateInvitation, type CreatedInvitation } from '../api/invitations.ts'

interface InvitationFormValues {
  limitUses: boolean
  maxUses: number | ''
  expiry: string
  expiresOn: string | null
  group: string
  role: 'user' | 'admin'
  note: string
}

const expiries = [
  { value: '1', label: 'In a day' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: 'never', label: 'Never' },
  { value: 'date', label: 'On a date…' },
]

export function invitationRequest(
  values: InvitationFormValues,
  now = Date.now(),
): CreateRegistrationTokenRequest {
  const expires_at = expiresAt(values.expiry, values.expiresOn, now)
  return {
    max_uses: values.limitUses && values.maxUses !== '' ? values.maxUses : null,
    expires_at,
    group: values.group || null,
    role: values.role,
    note: values.note.trim(),
  }
}

/** An invitation into a group with a role; its link is shown once, here, with a copy button. */
export function CreateInvitationModal({
  opened,
  onClose,
  groups,
  defaultGroupId,
}: {
  opened: boolean
  onClose: () => void
  groups: { id: string; name: string }[]
  defaultGroupId: string | null
}) {
  return (
    <SecretResultModal<CreatedInvitation>
      opened={opened}
      onClose={onClose}
      formTitle="Invite people"
      resultTitle={() => 'Share this invitation link'}
      form={(onCreated) => (
        <InvitationForm
          groups={groups}
          defaultGroupId={defaultGroupId}
          onCreated={onCreated}
          onCancel={onClose}
        />
      )}
      result={(created) => (
        <>
          <ShownOnce secret={created.register_url} what="invitation link" testId="invite-link" />
          <Text size="sm" c="dimmed">
            Whoever opens it can create an account in the chat app
            {created.max_uses === null
              ? ''
              : ` (${created.max_uses} ${created.max_uses === 1 ? 'person' : 'people'})`}
            .
          </Text>
        </>
      )}
    />
  )
}

function InvitationForm({
  groups,
  defaultGroupId,
  onCreated,
  onCancel,
}: {
  groups: { id: string; name: string }[]
  defaultGroupId: string | null
  onCreated: (invitation: CreatedInvitation) => void
  onCancel: () => void
}) {
  const create = useCreateInvitation()
  const form = useForm<InvitationFormValues>({
    mode: 'controlled',
    initialValues: {
      limitUses: true,
      maxUses: 1,
      expiry: '7',
      expiresOn: null,
      group: defaultGroupId ?? '',
      role: 'user',
      note: '',
    },
    validate: {
      maxUses: (value, values) =>
        values.limitUses && (value === '' || value < 1) ? 'At least one use' : null,
      expiresOn: (value, values) => (values.expiry === 'date' && !value ? 'Pick the day it expires' : null),
    },
  })
  const submit = form.onSubmit((values) =>
    create.mutate(invitationRequest(values), {
      onSuccess: (invitation) => {
        notifySuccess('Created an invitation')
        onCreated(invitation)
      },
      onError: (error) => form.setErrors(describeError(error).fieldErrors),
    }),
  )
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {create.error && <ProblemAlert error={create.error} />}
        <SimpleGrid cols={2}>
          <Select
            label="Group"
            data={groups.map((group) => ({ value: group.id, label: group.name }))}
            allowDeselect={false}
            searchable
            {...form.getInputProps('group')}
          />
          <Select
            label="Role"
            data={[
              { value: 'user', label: 'User' },
              { value: 'admin', label: 'Admin' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
        </SimpleGrid>
        <Group align="flex-end" grow>
          <Switch
            label="Limit the number of uses"
            {...form.getInputProps('limitUses', { type: 'checkbox' })}
            mb={8}
          />
          <NumberInput
            label="Uses"
            min={1}
            max={100000}
            allowDecimal={false}
            disabled={!form.values.limitUses}
            {...form.getInputProps('maxUses')}
          />
        </Group>
        <Select label="Expires" data={expiries} allowDeselect={false} {...form.getInputProps('expiry')} />
        {form.values.expiry === 'date' && (
          <DateInput label="Expires on" minDate={new Date()} {...form.getInputProps('expiresOn')} />
        )}
        <TextInput
          label="Note"
          placeholder="Who it is for, e.g. “autumn interns”"
          maxLength={500}
          {...form.getInputProps('note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create invitation
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
