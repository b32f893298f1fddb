import type { ListAdminUsersQuery } from '@corral/contracts'
import { orderOf, pageOf, param, type StateOf } from '../../../lib/url-state.ts'

/** The Users page's view state, as it appears in the URL: `?q=ad&role=admin&sort=-last_active_at&page=2`. */
export const usersView = {
  q: param.string(),
  role: param.oneOf(['any', 'user', 'admin'], 'any'),
  group: param.string(),
  status: param.oneOf(['any', 'active', 'disabled'], 'any'),
  sort: param.sort(['username', 'created_at', 'last_active_at', 'role'], {
    column: 'username',
    direction: 'asc',
  }),
  page: param.integer(1),
  size: param.integer(50, { max: 500 }),
}
export type UsersView = StateOf<typeof usersView>

/** The API query for a view: only what is set, so equal views share one cache entry. */
export function usersQueryFrom(view: UsersView): ListAdminUsersQuery {
  return {
    ...pageOf(view),
    ...orderOf(view.sort),
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
    ...(view.role !== 'any' ? { role: view.role } : {}),
    ...(view.group ? { group_id: view.group } : {}),
    ...(view.status !== 'any' ? { status: view.status } : {}),
  }
}
