import type { BulkUsersRequest, BulkUsersResult } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { plural } from '../../../lib/format.ts'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

const verbs = { disable: 'Disabled', enable: 'Enabled', move: 'Moved' } as const

/** One action on a selection, all or nothing on the server. */
export const useBulkUsers = () =>
  useAdminMutation({
    mutationFn: (request: BulkUsersRequest & { groupName?: string }) =>
      http<BulkUsersResult>('/corral/v1/admin/users/bulk', {
        method: 'POST',
        body: { ids: request.ids, action: request.action, group: request.group },
      }),
    invalidates: () => [queryKeys.users.all, queryKeys.groups, queryKeys.audit.all],
    success: (result, request) =>
      `${verbs[request.action]} ${plural(result.changed, 'user')}${request.groupName ? ` to ${request.groupName}` : ''}` +
      (result.changed < request.ids.length ? ` (${request.ids.length - result.changed} already were)` : ''),
    handlesErrors: true,
  })
