import { asc, eq, sql } from 'drizzle-orm'
import type { Db, IpAllowlist } from '@corral/core'
import { ipAllowlistEntries, settings } from '../schema.ts'

const enabledKey = 'ipAllowlistEnabled'

export class IpAllowlistRepository {
  constructor(private readonly db: Db) {}

  async read(): Promise<IpAllowlist> {
    const [entries, [flag]] = await Promise.all([
      this.db
        .select()
        .from(ipAllowlistEntries)
        .orderBy(asc(ipAllowlistEntries.createdAt), asc(ipAllowlistEntries.cidr)),
      this.db.select().from(settings).where(eq(settings.key, enabledKey)),
    ])
    return { enabled: flag?.value === true, entries: entries.map(({ cidr, note }) => ({ cidr, note })) }
  }

  /** Replaces the whole list and the flag in one transaction: a failed save changes nothing. */
  async replace(allowlist: IpAllowlist): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(ipAllowlistEntries)
      if (allowlist.entries.length > 0) await tx.insert(ipAllowlistEntries).values(allowlist.entries)
      await tx
        .insert(settings)
        .values({ key: enabledKey, value: allowlist.enabled })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value: sql`excluded.value`, updatedAt: sql`now()` },
        })
    })
  }
}
