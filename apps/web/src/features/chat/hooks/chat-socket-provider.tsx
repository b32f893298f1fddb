import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { describeProblem } from '../../../lib/describe-problem.ts'
import { tokenStore } from '@corral/web-kit'
import { createChatBridge } from '../socket/chat-cache-bridge.ts'
import { ChatSocketContext } from './chat-socket-context.ts'

/** One chat socket per signed-in tab, opened while this provider is mounted. */
export function ChatSocketProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const [bridge] = useState(() =>
    createChatBridge(queryClient, (frame) => {
      const problem = describeProblem(frame)
      // A refused token is handled by the client (it reconnects with a fresh one, or signs out).
      if (problem.kind === 'signed-out') return
      notifications.show({ color: 'red', title: problem.title, message: problem.message })
    }),
  )

  useEffect(() => {
    bridge.start()
    return () => bridge.close()
  }, [bridge])

  // The server keeps the identity it was given: tell it about each refreshed token.
  useEffect(() => {
    let token = tokenStore.get().accessToken
    return tokenStore.subscribe(() => {
      const next = tokenStore.get().accessToken
      if (next && next !== token) void bridge.reauthenticate()
      token = next
    })
  }, [bridge])

  return <ChatSocketContext value={bridge}>{children}</ChatSocketContext>
}
