import { tokenStore } from '@corral/web-kit'

/**
 * A `refetchInterval` that polls only while someone is signed in (not behind the sign-in dialog of an
 * ended session, where every poll would be refused) and only while the tab is visible (TanStack Query
 * skips background polls by default).
 */
export const pollWhileSignedIn = (intervalMs: number) => () =>
  tokenStore.get().status === 'signed-in' ? intervalMs : false
