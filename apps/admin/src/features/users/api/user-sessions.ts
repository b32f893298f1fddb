import { useQuery } from '@tanstack/react-query'
import type { UserSession } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

export const useUserSessions = (id: string) =>
  useQuery({
    queryKey: queryKeys.users.sessions(id),
    queryFn: ({ signal }) =>
      http<{ sessions: UserSession[] }>(`/corral/v1/admin/users/${id}/sessions`, { signal }),
    select: (data) => data.sessions,
  })

/** Signs the user out everywhere (`sessionId` absent) or ends one browser session. */
export const useEndSessions = () =>
  useAdminMutation({
    mutationFn: ({ userId, sessionId }: { userId: string; username: string; sessionId?: string }) =>
      http<void>(`/corral/v1/admin/users/${userId}/sessions${sessionId ? `/${sessionId}` : ''}`, {
        method: 'DELETE',
      }),
    invalidates: ({ userId }) => [
      queryKeys.users.sessions(userId),
      queryKeys.users.overview(userId),
      queryKeys.audit.all,
    ],
    success: (_data, { username, sessionId }) =>
      sessionId ? `Ended one session of ${username}` : `Signed ${username} out everywhere`,
    handlesErrors: true,
  })
