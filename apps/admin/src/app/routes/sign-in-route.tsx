import { Alert, Anchor, Text } from '@mantine/core'
import { Navigate, useSearchParams } from 'react-router'
import { useSession } from '@corral/web-kit'
import { SignInForm } from '../../features/auth/components/sign-in-form.tsx'
import { chatAppUrl, paths } from '../paths.ts'
import { AuthFrame } from '../shell/auth-frame.tsx'

/** Only paths inside the panel: `?next=https://evil.example` must not become an open redirect. */
export const safeNext = (next: string | null) =>
  next?.startsWith('/') && !next.startsWith('//') ? next : paths.home

export function SignInRoute() {
  const [params] = useSearchParams()
  const session = useSession()
  if (session.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />
  return (
    <AuthFrame title="Sign in to the admin panel">
      {session.endedBecause && <Alert color="blue">{session.endedBecause}</Alert>}
      <SignInForm />
      <Text size="sm" c="dimmed">
        One sign-in serves the panel and the{' '}
        <Anchor href={chatAppUrl} size="sm">
          chat app
        </Anchor>
        .
      </Text>
    </AuthFrame>
  )
}
