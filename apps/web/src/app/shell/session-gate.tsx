import { Button, Center, Loader, Stack } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { Outlet } from 'react-router'
import { ProblemAlert } from '../../components/problem-alert.tsx'
import { useSession, useSessionKeeper } from '@corral/web-kit'
import { describeError } from '../../lib/describe-problem.ts'

/** Nothing renders until we know whether the refresh cookie still holds a session. */
export function SessionGate() {
  const { startupError, retry } = useSessionKeeper()
  const { status } = useSession()
  const queryClient = useQueryClient()

  // Whoever signs in next must not see the previous user's cached data.
  useEffect(() => {
    if (status === 'signed-out') queryClient.removeQueries()
  }, [status, queryClient])

  if (status !== 'unknown') return <Outlet />
  return (
    <Center h="100dvh" p="md">
      {startupError ? (
        <Stack maw={420}>
          <ProblemAlert problem={describeError(startupError)} />
          <Button onClick={retry}>Try again</Button>
        </Stack>
      ) : (
        <Loader aria-label="Loading" />
      )}
    </Center>
  )
}
