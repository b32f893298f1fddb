import {
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useForm } from '@mantine/form'
import type { ReactNode } from 'react'
import type { CreateApiKeyRequest, CreatedApiKey } from '@corral/contracts'
import { LimitsInputs } from '../../../components/limits-inputs.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { SecretResultModal } from '../../../components/secret-result-modal.tsx'
import { ShownOnce } from '../../../components/shown-once.tsx'
import { invalidCidrs } from '../../../lib/cidr-input.ts'
import { describeError } from '../../../lib/describe-problem.ts'
import { expiresAt } from '../../../lib/expiry.ts'
import { limitsRequest, limitValues, type LimitValues } from '../../../lib/limits.ts'
import { notifySuccess } from '../../../lib/notify.ts'
import { useCreateApiKey } from '../api/create-api-key.ts'

/** The owner field: the route passes the users feature's server-searched select. */
export type UserPicker = (props: {
  value: string | null
  onChange: (id: string | null) => void
  label?: string
  error?: ReactNode
}) => ReactNode

interface KeyFormValues {
  userId: string | null
  name: string
  priority: string
  allModels: boolean
  models: string[]
  expiry: string
  expiresOn: string | null
  cidrs: string[]
  manageModels: boolean
  limits: LimitValues
}

const expiries = [
  { value: 'never', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
  { value: 'date', label: 'On a date…' },
]

export function keyRequest(values: KeyFormValues, now = Date.now()): CreateApiKeyRequest {
  const expires_at = expiresAt(values.expiry, values.expiresOn, now)
  return {
    name: values.name.trim(),
    priority: values.priority === 'group' ? null : Number(values.priority),
    expires_at,
    models: values.allModels ? null : values.models,
    cidrs: values.cidrs.length ? values.cidrs : null,
    scopes: values.manageModels ? ['models:manage'] : [],
    limits: limitsRequest(values.limits),
  }
}

/**
 * A key for any user with its own priority, models, expiry, address ranges and limits. The secret is
 * shown once, here; closing the dialog forgets it.
 */
export function CreateKeyModal({
  opened,
  onClose,
  fixedUser,
  userPicker,
  modelNames,
}: {
  opened: boolean
  onClose: () => void
  /** Creating from a user's page: the owner is known. */
  fixedUser?: { id: string; username: string }
  userPicker: UserPicker
  modelNames: string[]
}) {
  return (
    <SecretResultModal<CreatedApiKey>
      opened={opened}
      onClose={onClose}
      formTitle="Create an API key"
      resultTitle={(created) => `The key ${created.name}`}
      size="lg"
      form={(onCreated) => (
        <CreateKeyForm
          fixedUser={fixedUser}
          userPicker={userPicker}
          modelNames={modelNames}
          onCreated={onCreated}
          onCancel={onClose}
        />
      )}
      result={(created) => (
        <>
          <ShownOnce secret={created.key} what="key" testId="created-key" />
          <Text size="sm" c="dimmed">
            From now on the list shows only its start and its last four characters.
          </Text>
        </>
      )}
    />
  )
}

function CreateKeyForm({
  fixedUser,
  userPicker,
  modelNames,
  onCreated,
  onCancel,
}: {
  fixedUser?: { id: string; username: string }
  userPicker: UserPicker
  modelNames: string[]
  onCreated: (key: CreatedApiKey) => void
  onCancel: () => void
}) {
  const create = useCreateApiKey()
  const form = useForm<KeyFormValues>({
    mode: 'controlled',
    initialValues: {
      userId: fixedUser?.id ?? null,
      name: '',
      priority: 'group',
      allModels: true,
      models: [],
      expiry: 'never',
      expiresOn: null,
      cidrs: [],
      manageModels: false,
      limits: limitValues(null),
    },
    validate: {
      userId: (value) => (value ? null : 'Choose whose key it is'),
      name: (value) => (value.trim() ? null : 'Give the key a name'),
      cidrs: (value) => {
        const bad = invalidCidrs(value)
        return bad.length ? `Not an address or range: ${bad.join(', ')}` : null
      },
      expiresOn: (value, values) => (values.expiry === 'date' && !value ? 'Pick the day it expires' : null),
    },
    validateInputOnChange: ['cidrs'],
  })
  const problem = create.error ? describeError(create.error) : null

  const submit = form.onSubmit((values) => {
    create.mutate(
      { userId: values.userId!, request: keyRequest(values) },
      {
        onSuccess: (key) => {
          notifySuccess(`Created the key ${key.name}`)
          onCreated(key)
        },
        onError: (error) => form.setErrors(describeError(error).fieldErrors),
      },
    )
  })

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && <ProblemAlert error={create.error} />}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {fixedUser ? (
            <TextInput label="Owner" value={fixedUser.username} readOnly />
          ) : (
            userPicker({
              value: form.values.userId,
              onChange: (id) => form.setFieldValue('userId', id),
              error: form.errors.userId,
            })
          )}
          <TextInput label="Name" placeholder="e.g. nightly batch" required {...form.getInputProps('name')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label="Priority"
            description="Admins may set any priority"
            data={[
              { value: 'group', label: 'The group’s' },
              ...Array.from({ length: 10 }, (_, index) => ({
                value: String(index + 1),
                label: String(index + 1),
              })),
            ]}
            allowDeselect={false}
            {...form.getInputProps('priority')}
          />
          <Select label="Expires" data={expiries} allowDeselect={false} {...form.getInputProps('expiry')} />
        </SimpleGrid>
        {form.values.expiry === 'date' && (
          <DateInput label="Expires on" minDate={new Date()} clearable {...form.getInputProps('expiresOn')} />
        )}
        <Stack gap={6}>
          <Switch
            label="Every model the owner may use"
            {...form.getInputProps('allModels', { type: 'checkbox' })}
          />
          {!form.values.allModels && (
            <TagsInput label="Models" data={modelNames} clearable {...form.getInputProps('models')} />
          )}
        </Stack>
        <TagsInput
          label="Allowed addresses"
          description="IPv4 or IPv6 addresses or ranges (10.0.0.0/8, 2001:db8::/32); empty means anywhere"
          placeholder="Type and press Enter"
          splitChars={[',', ' ']}
          {...form.getInputProps('cidrs')}
        />
        <LimitsInputs form={form} description="For this key, on top of its owner’s group limits." />
        <Checkbox
          label="May manage models (pull, copy and delete models through /api)"
          {...form.getInputProps('manageModels', { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
