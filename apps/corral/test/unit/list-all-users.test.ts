import { describe, expect, it } from 'vitest'
import { listAllUsers } from '../../src/commands/find-user.ts'
import { OperatorApi } from '../../src/commands/operator/operator-api.ts'

/** An admin API holding `count` users that, like the real one, stops counting at 10,000. */
function usersApi(count: number) {
  const requests: string[] = []
  const api = new OperatorApi({
    send: (_method, url) => {
      requests.push(url)
      const query = new URL(url, 'http://corral').searchParams
      const offset = Number(query.get('offset'))
      const limit = Number(query.get('limit'))
      const users = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, index) => ({
        id: String(offset + index),
        username: `user-${offset + index}`,
      }))
      const body = { users, total: Math.min(count, 10_000), total_exact: count <= 10_000 }
      return Promise.resolve({ status: 200, body })
    },
    close: () => Promise.resolve(),
  })
  return { api, requests }
}

describe('corral user list', () => {
  it('pages past the 10,000 the API counts, to the last short page', async () => {
    const { api, requests } = usersApi(12_345)
    const list = await listAllUsers(api)
    expect(list.total).toBe(12_345)
    expect(new Set(list.users.map((user) => user.id)).size).toBe(12_345)
    expect(requests).toHaveLength(25)
  })

  it('stops after one request when the first page is short', async () => {
    const { api, requests } = usersApi(3)
    expect((await listAllUsers(api)).total).toBe(3)
    expect(requests).toHaveLength(1)
  })
})
