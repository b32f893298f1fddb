import { notifications } from '@mantine/notifications'
import type { QueryClient } from '@tanstack/react-query'
import { createSessionQueryClient } from '@corral/web-kit'
import { describeError } from '../lib/describe-problem.ts'

/**
 * The shared HTTP error policy (`@corral/web-kit`: a 401 signs out, 4xx are not retried), with this
 * app's wording: a failed mutation becomes a notification unless its form shows the error itself.
 */
export function createQueryClient(): QueryClient {
  return createSessionQueryClient({
    onMutationError: (error) => {
      const problem = describeError(error)
      notifications.show({ color: 'red', title: problem.title, message: problem.message })
    },
  })
}
