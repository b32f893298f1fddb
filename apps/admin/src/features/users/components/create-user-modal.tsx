import {
  Anchor,
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import type { AdminCreatedUser } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { SecretResultModal } from '../../../components/secret-result-modal.tsx'
import { ShownOnce } from '../../../components/shown-once.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { notifySuccess } from '../../../lib/notify.ts'
import { useCreateUser } from '../api/create-user.ts'
import type { GroupOption } from './users-filters.tsx'

/**
 * A new account with a password Corral generates (shown once, here) or one the admin sets; or, for
 * people who should choose their own password, a link to invite them instead.
 */
export function CreateUserModal({
  opened,
  onClose,
  groups,
  defaultGroupId,
  inviteHref,
}: {
  opened: boolean
  onClose: () => void
  groups: GroupOption[]
  defaultGroupId: string | null
  inviteHref: string
}) {
  return (
    <SecretResultModal<AdminCreatedUser>
      opened={opened}
      onClose={onClose}
      formTitle="Create a user"
      resultTitle={(created) => `${created.username} can sign in`}
      form={(onCreated) => (
        <CreateUserForm
          groups={groups}
          defaultGroupId={defaultGroupId}
          inviteHref={inviteHref}
          onCreated={onCreated}
          onCancel={onClose}
        />
      )}
      result={(created) =>
        created.password ? (
          <ShownOnce secret={created.password} what="password" testId="generated-password" />
        ) : (
          <Text size="sm">They sign in with the password you set.</Text>
        )
      }
    />
  )
}

function CreateUserForm({
  groups,
  defaultGroupId,
  inviteHref,
  onCreated,
  onCancel,
}: {
  groups: GroupOption[]
  defaultGroupId: string | null
  inviteHref: string
  onCreated: (user: AdminCreatedUser) => void
  onCancel: () => void
}) {
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<'user' | 'admin'>('user')
  const [group, setGroup] = useState(defaultGroupId ?? groups[0]?.id ?? '')
  const [passwordMode, setPasswordMode] = useState<'generate' | 'set'>('generate')
  const [password, setPassword] = useState('')
  const create = useCreateUser()
  const problem = create.error ? describeError(create.error) : null
  const usernameError =
    problem?.fieldErrors.username ?? (problem?.code === 'CORRAL_ERR_CONFLICT' ? problem.message : undefined)
  const passwordError =
    problem?.fieldErrors.password ??
    (problem?.code === 'CORRAL_ERR_WEAK_PASSWORD' ? problem.message : undefined)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate(
      {
        username: username.trim(),
        role,
        ...(group ? { group } : {}),
        ...(passwordMode === 'set' ? { password } : {}),
      },
      {
        onSuccess: (user) => {
          notifySuccess(`Created ${user.username}`)
          onCreated(user)
        },
      },
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && !usernameError && !passwordError && <ProblemAlert error={create.error} />}
        <TextInput
          label="Username"
          description="Letters, digits and . _ @ -"
          required
          data-autofocus
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
          error={usernameError}
        />
        <Group grow>
          <Select
            label="Role"
            data={[
              { value: 'user', label: 'User' },
              { value: 'admin', label: 'Admin' },
            ]}
            value={role}
            onChange={(value) => setRole(value === 'admin' ? 'admin' : 'user')}
            allowDeselect={false}
          />
          <Select
            label="Group"
            data={groups.map((option) => ({ value: option.id, label: option.name }))}
            value={group}
            onChange={(value) => setGroup(value ?? '')}
            allowDeselect={false}
            searchable
          />
        </Group>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Password
          </Text>
          <SegmentedControl
            data={[
              { value: 'generate', label: 'Generate a strong one' },
              { value: 'set', label: 'Set one' },
            ]}
            value={passwordMode}
            onChange={(value) => setPasswordMode(value === 'set' ? 'set' : 'generate')}
          />
          {passwordMode === 'set' && (
            <PasswordInput
              aria-label="Password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={passwordError}
            />
          )}
        </Stack>
        <Text size="xs" c="dimmed">
          Should they choose their own password?{' '}
          <Anchor component={Link} to={inviteHref} size="xs" onClick={onCancel}>
            Invite them instead
          </Anchor>
          .
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!username.trim() || (passwordMode === 'set' && !password)}
          >
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
