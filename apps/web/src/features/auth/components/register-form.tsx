import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { useRegister } from '@corral/web-kit'

/**
 * Registration with an invite token (pre-filled from the invite link). The server judges the password
 * (zxcvbn) and says how to improve it, so its message is shown as is.
 */
export function RegisterForm({ initialToken }: { initialToken: string }) {
  const [token, setToken] = useState(initialToken)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const registration = useRegister()
  const mismatch = confirmation.length > 0 && confirmation !== password

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (mismatch) return
    registration.mutate({ username: username.trim(), password, registration_token: token.trim() })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {registration.error && <ProblemAlert problem={describeError(registration.error)} />}
        <TextInput
          label="Invite token"
          required
          value={token}
          onChange={(event) => setToken(event.currentTarget.value)}
          description={initialToken ? 'From your invite link' : 'Ask an administrator for an invite link'}
        />
        <TextInput
          label="Username"
          autoComplete="username"
          required
          autoFocus
          description="Letters, digits and . _ @ -"
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          autoComplete="new-password"
          required
          description="A long passphrase of unusual words is best"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <PasswordInput
          label="Repeat the password"
          autoComplete="new-password"
          required
          error={mismatch ? 'The passwords differ' : undefined}
          value={confirmation}
          onChange={(event) => setConfirmation(event.currentTarget.value)}
        />
        <Button
          type="submit"
          loading={registration.isPending}
          disabled={!token.trim() || !username.trim() || !password || mismatch}
        >
          Create account
        </Button>
        <Text size="xs" c="dimmed">
          You are signed in as soon as the account exists.
        </Text>
      </Stack>
    </form>
  )
}
