import { sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { groups, users } from '../schema.ts'

/** Names and weights the dashboards show next to the ids the rollups hold. */
export class StatsLabelsRepository {
  constructor(private readonly db: Db) {}

  async groupNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(sql`${groups.id} = any(${sql.param([...ids])}::uuid[])`)
    return new Map(rows.map((row) => [row.id, row.name]))
  }

  /** Each user's name and the fair-share weight of their group now. */
  async userWeights(ids: readonly string[]): Promise<Map<string, { username: string; weight: number }>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db
      .select({ id: users.id, username: users.username, weight: groups.weight })
      .from(users)
      .innerJoin(groups, sql`${groups.id} = ${users.groupId}`)
      .where(sql`${users.id} = any(${sql.param([...ids])}::uuid[])`)
    return new Map(rows.map((row) => [row.id, { username: row.username, weight: row.weight }]))
  }
}
