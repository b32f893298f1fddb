import type { Seeded } from './seed.ts'

export interface AdminQuery {
  page: 'Users' | 'API keys'
  label: string
  path: string
  /** The first page as the panel opens it: ≤ 150 ms p95; everything else ≤ 300 ms p95. */
  firstPage: boolean
}

/** The first page of each list, and every search, sort and filter the panel offers on it. */
export function adminQueries(seeded: Seeded): AdminQuery[] {
  const users = (label: string, query: string, firstPage = false): AdminQuery => ({
    page: 'Users',
    label,
    path: `/corral/v1/admin/users?${query}`,
    firstPage,
  })
  const keys = (label: string, query: string, firstPage = false): AdminQuery => ({
    page: 'API keys',
    label,
    path: `/corral/v1/admin/keys?${query}`,
    firstPage,
  })
  const group = seeded.groupIds[3]!
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString()
  return [
    users('first page (by name)', 'limit=50', true),
    users('search "user0042"', 'q=user0042'),
    users('search "dee."', 'q=dee.'),
    users('search, no match', 'q=nobody-here'),
    users('sort: newest', 'sort=created_at&order=desc'),
    users('sort: last active', 'sort=last_active_at&order=desc'),
    users('sort: never active first', 'sort=last_active_at&order=asc'),
    users('sort: role', 'sort=role&order=asc'),
    users('sort: name, descending', 'sort=username&order=desc'),
    users('filter: admins', 'role=admin'),
    users('filter: disabled', 'status=disabled'),
    users('filter: group', `group_id=${group}`),
    users('filter: group + active + search', `group_id=${group}&status=active&q=user00`),
    keys('first page (newest)', 'limit=50', true),
    keys('search "laptop-0421"', 'q=laptop-0421'),
    keys('search by prefix', 'q=corral_sk_A'),
    keys('sort: last used', 'sort=last_used_at&order=desc'),
    keys('sort: expiry', 'sort=expires_at&order=asc'),
    keys('sort: name', 'sort=name&order=asc'),
    keys('sort: owner', 'sort=username&order=asc'),
    keys('filter: one user', `user_id=${seeded.sampleUserId}`),
    keys('filter: group', `group_id=${group}`),
    keys('filter: revoked', 'status=revoked'),
    keys('filter: expired', 'status=expired'),
    keys('filter: active', 'status=active'),
    keys('filter: never used', 'never_used=true'),
    keys('filter: used in the last 30 days', `last_used_after=${monthAgo}`),
  ]
}
