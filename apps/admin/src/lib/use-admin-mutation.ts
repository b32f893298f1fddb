import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query'
import { notifySuccess } from './notify.ts'

export interface AdminMutationOptions<T, V> {
  mutationFn: (variables: V) => Promise<T>
  /** The queries this change makes stale; only these refetch. */
  invalidates: (variables: V, data: T) => QueryKey[]
  /** The success notification, e.g. “Disabled ada”; none when null. */
  success: ((data: T, variables: V) => string) | null
  /** Its title, when “Done” would claim too much (a pull that has only started). */
  successTitle?: string
  /** The form shows the error in place (field errors), so no failure notification. */
  handlesErrors?: boolean
}

/**
 * A change made from the panel: while it runs, its button shows `isPending`; then a notification says
 * what happened (failures are announced by the QueryClient's policy, with the error code's wording),
 * and only the affected queries are refetched.
 */
export function useAdminMutation<T, V>(options: AdminMutationOptions<T, V>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: options.mutationFn,
    onSuccess: async (data, variables) => {
      if (options.success) notifySuccess(options.success(data, variables), options.successTitle)
      await Promise.all(
        options.invalidates(variables, data).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      )
    },
    meta: { handlesErrors: options.handlesErrors ?? false },
  })
}
