import { adminToken, call, strongPassword, uniqueName, type TestUser } from '../../support/corral-api.ts'

/** Test data for the admin specs, made through the admin API as the test server's admin. */
export interface CreatedUser extends TestUser {
  id: string
}

export async function createAccount(
  options: { prefix?: string; role?: 'user' | 'admin'; group?: string } = {},
) {
  const user = { username: uniqueName(options.prefix ?? 'user'), password: strongPassword() }
  const created = await call<{ id: string }>(
    'POST',
    '/corral/v1/admin/users',
    { ...user, role: options.role ?? 'user', ...(options.group ? { group: options.group } : {}) },
    await adminToken(),
  )
  return { ...user, id: created.id } satisfies CreatedUser
}

export async function adminCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  return call<T>(method, path, body, await adminToken())
}

/** Runs `make` over `items` a few at a time (argon2 hashing is the slow part of creating users). */
export async function inBatches<T, R>(items: T[], size: number, make: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(make))))
  return results
}
