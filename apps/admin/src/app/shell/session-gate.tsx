import { Button, Center, Loader, Stack } from '@mantine/core'
import { Outlet } from 'react-router'
import { useSession, useSessionKeeper } from '@corral/web-kit'
import { ProblemAlert } from '../../components/problem-alert.tsx'

/** Nothing renders until the refresh cookie (shared with the chat app) has said whether a session exists. */
export function SessionGate() {
  const { startupError, retry } = useSessionKeeper()
  const { status } = useSession()
  if (status !== 'unknown') return <Outlet />
  return (
    <Center h="100dvh" p="md">
      {startupError ? (
        <Stack maw={420}>
          <ProblemAlert error={startupError} />
          <Button onClick={retry}>Try again</Button>
        </Stack>
      ) : (
        <Loader aria-label="Loading" />
      )}
    </Center>
  )
}
