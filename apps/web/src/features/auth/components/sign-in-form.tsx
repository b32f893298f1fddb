import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { useLogin } from '@corral/web-kit'

/** Username and password. Signing in changes the session, and the page around it moves on. */
export function SignInForm({ notice }: { notice?: string | null }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const login = useLogin()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate({ username: username.trim(), password })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {notice && !login.error && <Alert color="blue">{notice}</Alert>}
        {login.error && <ProblemAlert problem={describeError(login.error)} />}
        <TextInput
          label="Username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
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
