import type { QueryClient } from '@tanstack/react-query'
import { createSessionQueryClient } from '@corral/web-kit'
import { notifyFailure } from '../lib/notify.ts'

/**
 * The shared policy (`@corral/web-kit`: a 401 ends the session, 4xx are not retried) with the panel's
 * wording: a failed change becomes a notification titled by its error code, unless its form shows it.
 */
export function createQueryClient(): QueryClient {
  return createSessionQueryClient({ onMutationError: notifyFailure, staleTime: 10_000 })
}
