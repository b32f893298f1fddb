import type { Static } from 'typebox'
import type { User, UserList as UserListSchema } from '@corral/contracts'
import type { OperatorApi } from './operator/operator-api.ts'
import { OperatorRequestError } from './operator/operator-api.ts'

type UserList = Static<typeof UserListSchema>

/** Operators name users; the admin API takes ids. Usernames are case-insensitive. */
export async function findUser(api: OperatorApi, username: string): Promise<User> {
  const { users } = await api.call<UserList>(
    'GET',
    `/corral/v1/admin/users?limit=500&q=${encodeURIComponent(username.slice(0, 64))}`,
  )
  const user = users.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase())
  if (!user)
    throw new OperatorRequestError({
      statusCode: 404,
      code: 'CORRAL_ERR_NOT_FOUND',
      message: `no user "${username}"`,
    })
  return user
}

const pageSize = 500

/**
 * Every user, page by page (the API returns at most 500 at a time) until a page comes back short: past
 * 10,000 the API's total is only a lower bound (`total_exact: false`), so it cannot say when to stop.
 */
export async function listAllUsers(api: OperatorApi, search?: string): Promise<UserList> {
  const users: User[] = []
  const query = search === undefined ? '' : `&q=${encodeURIComponent(search)}`
  for (;;) {
    const page = await api.call<UserList>(
      'GET',
      `/corral/v1/admin/users?limit=${pageSize}&offset=${users.length}${query}`,
    )
    users.push(...page.users)
    if (page.users.length < pageSize) return { users, total: users.length }
  }
}
