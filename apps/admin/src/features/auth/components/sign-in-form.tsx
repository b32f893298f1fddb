import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useLogin } from '@corral/web-kit'
import { ProblemAlert } from '../../../components/problem-alert.tsx'

/**
 * Username and password, signing in to the session both apps share (the refresh cookie). The page or
 * dialog around it moves on when the session changes.
 */
export function SignInForm({
  initialUsername = '',
  onSignedIn,
}: {
  initialUsername?: string
  onSignedIn?: () => void
}) {
  const [username, setUsername] = useState(initialUsername)
  const [password, setPassword] = useState('')
  const login = useLogin()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate({ username: username.trim(), password }, { onSuccess: () => onSignedIn?.() })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {login.error && <ProblemAlert error={login.error} />}
        <TextInput
          label="Username"
          autoComplete="username"
          required
          autoFocus={!initialUsername}
          data-autofocus={!initialUsername || undefined}
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(initialUsername)}
          data-autofocus={Boolean(initialUsername) || undefined}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" loading={login.isPending} disabled={!username.trim() || !password}>
          Sign in
        </Button>
      </Stack>
    </form>
  )
}
