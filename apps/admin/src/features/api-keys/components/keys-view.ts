import type { ListAdminKeysQuery } from '@corral/contracts'
import { orderOf, pageOf, param, type StateOf } from '../../../lib/url-state.ts'

export const lastUseFilters = [
  { value: 'any', label: 'Any use' },
  { value: '24h', label: 'Used in the last 24 hours' },
  { value: '7d', label: 'Used in the last 7 days' },
  { value: 'idle30d', label: 'Not used for 30 days' },
  { value: 'never', label: 'Never used' },
] as const
export type LastUseFilter = (typeof lastUseFilters)[number]['value']

/** The API keys page in the URL: `?status=active&used=never&sort=-created_at`. */
export const keysView = {
  q: param.string(),
  user: param.string(),
  group: param.string(),
  status: param.oneOf(['any', 'active', 'expired', 'revoked'], 'active'),
  used: param.oneOf(
    lastUseFilters.map((filter) => filter.value),
    'any',
  ),
  sort: param.sort(['created_at', 'last_used_at', 'expires_at', 'name', 'username'], {
    column: 'created_at',
    direction: 'desc',
  }),
  page: param.integer(1),
  size: param.integer(50, { max: 500 }),
}
export type KeysView = StateOf<typeof keysView>

const hour = 3_600_000
const day = 24 * hour

/**
 * The API query of a view at `now`. The last-use filter is relative (“in the last 7 days”), so the
 * query key holds the view and the timestamps are computed when the query runs.
 */
export function keysQueryFrom(view: KeysView, now: number): ListAdminKeysQuery {
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    ...pageOf(view),
    ...orderOf(view.sort),
    ...(view.q.trim() ? { q: view.q.trim() } : {}),
    ...(view.user ? { user_id: view.user } : {}),
    ...(view.group ? { group_id: view.group } : {}),
    ...(view.status !== 'any' ? { status: view.status } : {}),
    ...(view.used === '24h' ? { last_used_after: iso(now - day) } : {}),
    ...(view.used === '7d' ? { last_used_after: iso(now - 7 * day) } : {}),
    ...(view.used === 'idle30d' ? { last_used_before: iso(now - 30 * day), never_used: false } : {}),
    ...(view.used === 'never' ? { never_used: true } : {}),
  }
}
