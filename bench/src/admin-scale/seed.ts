import { randomBytes } from 'node:crypto'
import type { Database } from '@corral/core'
import { hashSecret } from '@corral/core'
import { ApiKeysRepository, GroupsRepository, UsersRepository } from '@corral/users'
import { sql } from 'drizzle-orm'
import { seededRandom } from '../load/random.ts'

export interface Seeded {
  groupIds: string[]
  /** A user with keys, and words that occur in usernames and key names, for the queries. */
  sampleUserId: string
  seconds: number
}

const batch = 1000
const dayMs = 86_400_000

/**
 * 100,000 users in ten groups and 300,000 keys, written through the users service's repositories in
 * batches of a thousand rows: about 1 % admins, 5 % disabled, 70 % active at some point in the last
 * 90 days; keys 10 % revoked, 10 % expired, 60 % used. Random but the same every run.
 */
export async function seed(database: Database, users: number, keysPerUser: number): Promise<Seeded> {
  const started = performance.now()
  const random = seededRandom(42)
  const groups = new GroupsRepository(database.db)
  const usersRepository = new UsersRepository(database.db)
  const keys = new ApiKeysRepository(database.db)
  const groupIds: string[] = []
  for (let index = 0; index < 10; index++) {
    const group = await groups.insert({ name: `team-${index}`, priority: 1 + (index % 10) })
    groupIds.push(group.id)
  }
  const now = Date.now()
  let sampleUserId = ''
  for (let offset = 0; offset < users; offset += batch) {
    const count = Math.min(batch, users - offset)
    const rows = await usersRepository.insertMany(
      Array.from({ length: count }, (_, index) => {
        const number = offset + index
        return {
          username: `${['ada', 'bo', 'cy', 'dee', 'eli'][number % 5]}.user${String(number).padStart(6, '0')}`,
          role: random() < 0.01 ? ('admin' as const) : ('user' as const),
          groupId: groupIds[number % groupIds.length]!,
          disabledAt: random() < 0.05 ? new Date(now - random() * 30 * dayMs) : null,
          lastActiveAt: random() < 0.7 ? new Date(now - random() * 90 * dayMs) : null,
          createdAt: new Date(now - 365 * dayMs + (number / users) * 365 * dayMs),
        }
      }),
    )
    sampleUserId ||= rows[0]!.id
    const keyRows = rows.flatMap((user) =>
      Array.from({ length: keysPerUser }, (_, index) => {
        const secret = `corral_sk_${randomBytes(24).toString('base64url')}`
        const roll = random()
        return {
          userId: user.id,
          name: `${['laptop', 'ci', 'notebook', 'batch'][index % 4]}-${user.username.slice(-4)}`,
          prefix: secret.slice(0, 16),
          lastFour: secret.slice(-4),
          secretHash: hashSecret(secret),
          revokedAt: roll < 0.1 ? new Date(now - random() * 30 * dayMs) : null,
          expiresAt: roll >= 0.1 && roll < 0.2 ? new Date(now - random() * 30 * dayMs) : null,
          lastUsedAt: random() < 0.6 ? new Date(now - random() * 60 * dayMs) : null,
          createdAt: new Date(user.createdAt.getTime() + index * 3600_000),
        }
      }),
    )
    await keys.insertMany(keyRows)
  }
  // What autovacuum would do shortly after a bulk load: fresh statistics for the planner.
  await database.db.execute(sql`analyze`)
  return { groupIds, sampleUserId, seconds: (performance.now() - started) / 1000 }
}
