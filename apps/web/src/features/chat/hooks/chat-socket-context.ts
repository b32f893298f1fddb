import { createContext, useContext, useSyncExternalStore } from 'react'
import type { ChatBridge } from '../socket/chat-cache-bridge.ts'

export const ChatSocketContext = createContext<ChatBridge | null>(null)

export function useChatBridge(): ChatBridge {
  const bridge = useContext(ChatSocketContext)
  if (!bridge) throw new Error('useChatBridge needs a ChatSocketProvider')
  return bridge
}

export function useConnectionState() {
  const { connection } = useChatBridge()
  return useSyncExternalStore(connection.subscribe, connection.get)
}
