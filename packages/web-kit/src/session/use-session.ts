import { useSyncExternalStore } from 'react'
import { tokenStore, type SessionSnapshot } from './token-store.ts'

export const useSession = (): SessionSnapshot => useSyncExternalStore(tokenStore.subscribe, tokenStore.get)
