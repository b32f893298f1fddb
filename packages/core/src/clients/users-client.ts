import type { Actor } from '../http/request-context.ts'
import type { Identity, Role } from './identity.ts'
import type { Settings } from './settings.ts'
import type { RefusalCount, UsageRecord } from './usage-record.ts'
import type { BackendBusy, StatsRangeQuery } from '../stats/stats-range.ts'

export interface LoginSubject {
  id: string
  username: string
  role: Role
  disabled: boolean
}

export interface AuditEntry {
  actorUserId: string | null
  actorUsername: string | null
  action: string
  targetType?: string
  targetId?: string
  details?: Record<string, unknown>
  /** The changed fields before and after the action (the audit service redacts secrets in both). */
  /** The user the action concerns when the target is not the user itself (a key's owner). */
  subjectUserId?: string | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  ip: string | null
}

export interface IpAllowlist {
  enabled: boolean
  entries: { cidr: string; note: string }[]
}

/** Usage totals since a moment, per key and per group, to seed quotas after a restart. */
export interface UsageTotals {
  byKey: Map<string, number>
  byGroup: Map<string, number>
}

/** What the other services may ask of the users service (a function call in one process). */
export interface UsersClient {
  /** The caller behind an API key secret, or null when unknown, revoked, expired or disabled. */
  resolveApiKey(secret: string): Promise<Identity | null>
  /** The caller behind a registered Ollama CLI public key (base64 SSH wire format). */
  resolveOllamaKey(publicKey: string): Promise<Identity | null>
  /** A signed-in person (browser session), or null when the user no longer exists or is disabled. */
  resolveUser(userId: string): Promise<Identity | null>
  findLoginSubject(username: string): Promise<LoginSubject | null>
  createUser(input: {
    username: string
    role: Role
    groupId?: string | null
  }): Promise<LoginSubject & { groupId: string }>
  deleteUser(userId: string): Promise<void>
  /** Any account by id, disabled ones included; null when there is none. */
  findUser(userId: string): Promise<LoginSubject | null>
  /**
   * An admin deletes an account (not their own, not the last enabled admin) with its keys and data,
   * audited; the auth service then removes its password and sessions.
   */
  removeUser(actor: Actor, userId: string): Promise<LoginSubject>
  countUsers(): Promise<number>
  getSettings(): Promise<Settings>
  getIpAllowlist(): Promise<IpAllowlist>
  recordUsage(records: readonly UsageRecord[]): Promise<void>
  recordRefusals(counts: readonly RefusalCount[]): Promise<void>
  /** The dashboards' range of a query and each backend's busy slot-time over it (from the usage rollups). */
  backendBusy(query: StatsRangeQuery): Promise<BackendBusy>
  usageTotalsSince(since: Date): Promise<UsageTotals>
  /** Batched "last used" times of API and Ollama keys, written off the hot path. */
  touchKeys(lastUsed: ReadonlyMap<string, Date>): Promise<void>
  audit(entry: AuditEntry): Promise<void>
  /** A group named by id or by name, or null. */
  resolveGroupId(reference: string): Promise<string | null>
}
