import { Button, Center, Loader, Stack } from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router'
import type { Me } from '@corral/contracts'
import { meQueryOptions, useSession } from '@corral/web-kit'
import { ProblemAlert } from '../../components/problem-alert.tsx'
import { paths } from '../paths.ts'
import { AdminShell } from './admin-shell.tsx'
import { ReauthModal } from './reauth-modal.tsx'

/**
 * Only administrators get past here, and nothing of the panel (no admin route is called) renders
 * before `/me` has said so. A signed-out visitor goes to sign in and comes back; a signed-in
 * non-admin goes to a page that says why. When the session ends while the panel is open, the page
 * stays and a sign-in dialog covers it; whoever signs in there is checked again.
 */
export function AdminGate() {
  const session = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const me = useQuery({ ...meQueryOptions(), enabled: session.status === 'signed-in' })
  const [admin, setAdmin] = useState<Me | null>(null)
  const confirmed = session.status === 'signed-in' && me.data?.role === 'admin' ? me.data : null

  useEffect(() => {
    if (confirmed) setAdmin(confirmed)
  }, [confirmed])

  // Signing out on purpose leaves nothing behind for the next person at this browser.
  const signedOutOnPurpose = session.status === 'signed-out' && !session.endedBecause
  useEffect(() => {
    if (signedOutOnPurpose) queryClient.removeQueries()
  }, [signedOutOnPurpose, queryClient])

  const afterReauth = async () => {
    const next = await queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 })
    if (next.id !== admin?.id || next.role !== 'admin') {
      queryClient.removeQueries()
      setAdmin(null)
      await navigate(next.role === 'admin' ? paths.home : paths.notAdmin, { replace: true })
      return
    }
    await queryClient.invalidateQueries()
  }

  // The same element tree in both cases: the page must not remount when the dialog comes or goes.
  const reauth = session.status !== 'signed-in' && admin !== null && Boolean(session.endedBecause)
  const panel = (
    <>
      <AdminShell>
        <Outlet />
      </AdminShell>
      {reauth && admin && <ReauthModal username={admin.username} onSignedIn={() => void afterReauth()} />}
    </>
  )
  if (reauth) return panel
  if (session.status !== 'signed-in') {
    const next = location.pathname + location.search
    return (
      <Navigate
        to={next === '/' ? paths.signIn : `${paths.signIn}?next=${encodeURIComponent(next)}`}
        replace
      />
    )
  }
  if (me.error)
    return (
      <Center h="100dvh" p="md">
        <Stack maw={420}>
          <ProblemAlert error={me.error} />
          <Button onClick={() => void me.refetch()}>Try again</Button>
        </Stack>
      </Center>
    )
  if (!me.data)
    return (
      <Center h="100dvh">
        <Loader aria-label="Loading" />
      </Center>
    )
  if (me.data.role !== 'admin') return <Navigate to={paths.notAdmin} replace />
  return panel
}
