import { Anchor, Text } from '@mantine/core'
import { Link, Navigate, useSearchParams } from 'react-router'
import { AuthCard } from '../../features/auth/components/auth-card.tsx'
import { RegisterForm } from '../../features/auth/components/register-form.tsx'
import { useSession } from '@corral/web-kit'
import { paths } from '../paths.ts'

/** `/register?token=…`, the invite link an administrator shares; registering signs in, which leaves. */
export function RegisterRoute() {
  const [params] = useSearchParams()
  const { status } = useSession()
  if (status === 'signed-in') return <Navigate to={paths.home} replace />
  return (
    <AuthCard
      title="Create your account"
      subtitle={
        <Text span size="sm" c="dimmed">
          Already have one?{' '}
          <Anchor component={Link} to={paths.signIn} size="sm">
            Sign in
          </Anchor>
        </Text>
      }
    >
      <RegisterForm initialToken={params.get('token') ?? ''} />
    </AuthCard>
  )
}
