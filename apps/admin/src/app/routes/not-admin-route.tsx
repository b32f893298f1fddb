import { Button, Group, Text } from '@mantine/core'
import { Navigate } from 'react-router'
import { useLogout, useMe, useSession } from '@corral/web-kit'
import { chatAppUrl, paths } from '../paths.ts'
import { AuthFrame } from '../shell/auth-frame.tsx'

/** Where a signed-in non-admin lands: no admin data was asked for, and this says what to do instead. */
export function NotAdminRoute() {
  const session = useSession()
  const { data: me } = useMe()
  const logout = useLogout()
  if (session.status !== 'signed-in') return <Navigate to={paths.signIn} replace />
  return (
    <AuthFrame title="Administrators only">
      <Text size="sm">
        {me ? `${me.username} is not an administrator` : 'This account is not an administrator'}, so the admin
        panel is closed to it. An administrator can change your role.
      </Text>
      <Group>
        <Button component="a" href={chatAppUrl}>
          Open the chat app
        </Button>
        <Button variant="default" loading={logout.isPending} onClick={() => logout.mutate()}>
          Sign in as someone else
        </Button>
      </Group>
    </AuthFrame>
  )
}
