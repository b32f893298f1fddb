import { Anchor, Text } from '@mantine/core'
import { Link, Navigate, useSearchParams } from 'react-router'
import { AuthCard } from '../../features/auth/components/auth-card.tsx'
import { SignInForm } from '../../features/auth/components/sign-in-form.tsx'
import { useSession } from '@corral/web-kit'
import { paths } from '../paths.ts'

/** Only same-site paths: `?next=https://evil.example` must not become an open redirect. */
const safeNext = (next: string | null) =>
  next?.startsWith('/') && !next.startsWith('//') ? next : paths.home

export function SignInRoute() {
  const [params] = useSearchParams()
  const session = useSession()
  const next = safeNext(params.get('next'))
  if (session.status === 'signed-in') return <Navigate to={next} replace />
  return (
    <AuthCard
      title="Sign in"
      subtitle={
        <Text span size="sm" c="dimmed">
          Have an invite?{' '}
          <Anchor component={Link} to={paths.register} size="sm">
            Create an account
          </Anchor>
        </Text>
      }
    >
      <SignInForm notice={session.endedBecause} />
    </AuthCard>
  )
}
