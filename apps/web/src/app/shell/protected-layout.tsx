import { Navigate, useLocation } from 'react-router'
import { useSession } from '@corral/web-kit'
import { ChatSocketProvider } from '../../features/chat/hooks/chat-socket-provider.tsx'
import { AppShellLayout } from './app-shell-layout.tsx'

/** Signed-in pages share the shell and one chat socket; anyone else goes to sign in and comes back. */
export function ProtectedLayout() {
  const { status } = useSession()
  const location = useLocation()
  if (status !== 'signed-in') {
    const next = location.pathname + location.search
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />
  }
  return (
    <ChatSocketProvider>
      <AppShellLayout />
    </ChatSocketProvider>
  )
}
