import { useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import { useSession } from '@corral/web-kit'
import { LiveConnection, type OpenStream } from './live-connection.ts'
import { openEventStream } from './open-event-stream.ts'

const LiveEventsContext = createContext<LiveConnection | null>(null)

/**
 * The tab's one connection to the event stream, for every page under the shell. It is open only while
 * the tab is visible and someone is signed in: a hidden tab closes it (and, with TanStack Query's
 * default, stops polling), and showing the tab again reconnects after the last event seen, so the
 * missed events are replayed, or, when too many were missed, every query is refetched.
 */
export function LiveEventsProvider({
  children,
  open = openEventStream,
}: {
  children: ReactNode
  open?: OpenStream
}) {
  const [connection] = useState(() => new LiveConnection({ open }))
  const queryClient = useQueryClient()
  const signedIn = useSession().status === 'signed-in'

  useEffect(() => connection.onReset(() => void queryClient.invalidateQueries()), [connection, queryClient])

  useEffect(() => {
    const follow = () => {
      if (signedIn && document.visibilityState === 'visible') connection.resume()
      else connection.pause()
    }
    follow()
    document.addEventListener('visibilitychange', follow)
    return () => {
      document.removeEventListener('visibilitychange', follow)
      connection.pause()
    }
  }, [connection, signedIn])

  return <LiveEventsContext.Provider value={connection}>{children}</LiveEventsContext.Provider>
}

export function useLiveConnection(): LiveConnection {
  const connection = useContext(LiveEventsContext)
  if (!connection) throw new Error('useLiveConnection needs a LiveEventsProvider above it (the admin shell)')
  return connection
}
