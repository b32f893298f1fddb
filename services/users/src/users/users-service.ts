import type { Actor, AuditEntry, ChangeBus, LoginSubject, Role } from '@corral/core'
import { Errors } from '@corral/core'
import type { AdminUpdateUserRequest, BulkUsersRequest } from '@corral/contracts'
import { diffChanges } from '../audit/audit-changes.ts'
import type { AuditEvents } from '../audit/audit-events.ts'
import { entryBy } from '../audit/audit-service.ts'
import type { GroupsService } from '../groups/groups-service.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import type {
  ListedUser,
  UserListFilter,
  UsersRepository,
  UsersTransaction,
  UserWithGroup,
} from './users-repository.ts'

type UserChanges = { role?: Role; groupId?: string; disabledAt?: Date | null }

/** The fields an audit record shows for a user. */
const auditView = (user: { role: Role; groupId: string; disabledAt: Date | null }) => ({
  role: user.role,
  group_id: user.groupId,
  disabled: user.disabledAt !== null,
})

const isEnabledAdmin = (user: { role: Role; disabledAt: Date | null }) =>
  user.role === 'admin' && user.disabledAt === null

/** Refuses a change that would take the role or access of the last enabled admin(s) away. */
function assertAdminsRemain(tx: UsersTransaction, losing: readonly string[], what: string): void {
  if (losing.length === 0) return
  const remaining = tx.enabledAdminIds.filter((id) => !losing.includes(id))
  if (remaining.length === 0) {
    throw new Errors.lastAdmin(
      `This would ${what} the last enabled admin: promote or enable another admin first`,
    )
  }
}

export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly groups: GroupsService,
    private readonly settings: SettingsService,
    private readonly changes: ChangeBus,
    private readonly auditEvents: AuditEvents,
  ) {}

  /**
   * The repository's transaction, with the audit records it writes reported on the event stream once
   * it has committed (a rolled-back change was never audited).
   */
  private async transaction<T>(work: (tx: UsersTransaction) => Promise<T>): Promise<T> {
    const written: AuditEntry[] = []
    const result = await this.repository.transaction((tx) =>
      work({
        ...tx,
        audit: {
          insert: async (entry) => {
            await tx.audit.insert(entry)
            written.push(entry)
          },
          insertMany: async (entries) => {
            await tx.audit.insertMany(entries)
            written.push(...entries)
          },
        },
      }),
    )
    this.auditEvents.written(written)
    return result
  }

  async create(input: {
    username: string
    role: Role
    group?: string | null
  }): Promise<LoginSubject & { groupId: string }> {
    if (await this.repository.findByUsername(input.username)) {
      throw new Errors.conflict(`The username "${input.username}" is taken`)
    }
    const groupId = input.group
      ? (await this.groups.resolve(input.group)).id
      : (await this.settings.get()).defaultGroupId
    try {
      const user = await this.repository.insert({ username: input.username, role: input.role, groupId })
      return { id: user.id, username: user.username, role: user.role, disabled: false, groupId }
    } catch (error) {
      // Two registrations racing for one name: the unique index decides, the loser gets a 409.
      if (isUniqueViolation(error)) {
        throw new Errors.conflict(`The username "${input.username}" is taken`)
      }
      throw error
    }
  }

  async get(id: string): Promise<UserWithGroup> {
    const user = await this.repository.findById(id)
    if (!user) throw new Errors.notFound('No user with that id')
    return user
  }

  /** One user as the admin list shows them (with their count of keys). */
  async getListed(id: string): Promise<ListedUser> {
    const user = await this.get(id)
    const counts = await this.repository.activeKeyCounts([id])
    return { ...user, activeKeyCount: counts.get(id) ?? 0 }
  }

  list(filter: UserListFilter) {
    return this.repository.list(filter)
  }

  async update(actor: Actor, id: string, input: AdminUpdateUserRequest): Promise<ListedUser> {
    const groupId = input.group === undefined ? undefined : (await this.groups.resolve(input.group)).id
    const changed = await this.transaction(async (tx) => {
      const user = await tx.users.findById(id)
      if (!user) throw new Errors.notFound('No user with that id')
      const changes: UserChanges = {}
      if (input.role !== undefined && input.role !== user.role) changes.role = input.role
      if (groupId !== undefined && groupId !== user.groupId) changes.groupId = groupId
      if (input.disabled !== undefined && input.disabled !== (user.disabledAt !== null)) {
        changes.disabledAt = input.disabled ? new Date() : null
      }
      if (Object.keys(changes).length === 0) return false
      const next = { ...user, ...changes }
      const losesAdmin = isEnabledAdmin(user) && !isEnabledAdmin(next)
      if (losesAdmin && actor.userId === id)
        throw new Errors.forbidden('You cannot demote or disable yourself')
      if (losesAdmin) assertAdminsRemain(tx, [id], changes.role ? 'demote' : 'disable')
      await tx.users.update(id, changes)
      await tx.audit.insert(
        entryBy(
          actor,
          'user.update',
          { type: 'user', id },
          {
            username: user.username,
            ...(changes.role ? { role: changes.role } : {}),
            ...(changes.groupId ? { groupId: changes.groupId } : {}),
            ...(changes.disabledAt !== undefined ? { disabled: changes.disabledAt !== null } : {}),
          },
          diffChanges(auditView(user), auditView(next)),
        ),
      )
      return true
    })
    if (changed) await this.changes.publish({ kind: 'user', id })
    return this.getListed(id)
  }

  /**
   * Disables, enables or moves a selection in one transaction: an unknown id, yourself among those
   * disabled, or losing the last enabled admin changes none of them. One audit record per user changed.
   */
  async bulk(actor: Actor, input: BulkUsersRequest): Promise<{ changed: number; users: ListedUser[] }> {
    if (input.action === 'move' && !input.group)
      throw new Errors.validation('Moving users needs a group (id or name)')
    const groupId = input.action === 'move' ? (await this.groups.resolve(input.group!)).id : undefined
    const changedIds = await this.transaction(async (tx) => {
      const found = await tx.users.findManyById(input.ids)
      if (found.length !== input.ids.length) {
        const known = new Set(found.map((user) => user.id))
        const missing = input.ids.filter((id) => !known.has(id))
        throw new Errors.notFound(
          `No user with the id ${missing.slice(0, 3).join(', ')}; nothing was changed`,
        )
      }
      const changes: UserChanges =
        input.action === 'move' ? { groupId } : { disabledAt: input.action === 'disable' ? new Date() : null }
      const targets = found.filter((user) =>
        input.action === 'move'
          ? user.groupId !== groupId
          : (user.disabledAt !== null) !== (input.action === 'disable'),
      )
      if (input.action === 'disable') {
        if (actor.userId && targets.some((user) => user.id === actor.userId))
          throw new Errors.forbidden('You cannot disable yourself; nothing was changed')
        const losing = targets.filter(isEnabledAdmin).map((user) => user.id)
        assertAdminsRemain(tx, losing, 'disable')
      }
      await tx.users.updateMany(
        targets.map((user) => user.id),
        changes,
      )
      await tx.audit.insertMany(
        targets.map((user) =>
          entryBy(
            actor,
            'user.update',
            { type: 'user', id: user.id },
            { username: user.username, bulk: input.action },
            diffChanges(auditView(user), auditView({ ...user, ...changes })),
          ),
        ),
      )
      return targets.map((user) => user.id)
    })
    for (const id of changedIds) await this.changes.publish({ kind: 'user', id })
    const after = await this.repository.findManyById(input.ids)
    const counts = await this.repository.activeKeyCounts(input.ids)
    return {
      changed: changedIds.length,
      users: after.map((user) => ({ ...user, activeKeyCount: counts.get(user.id) ?? 0 })),
    }
  }

  /**
   * Deletes an account with its keys, Ollama keys and conversations (usage records stay: they are the
   * accounting). Not yourself, and not the last enabled admin. The auth service removes the password
   * and sessions after this.
   */
  async remove(actor: Actor, id: string): Promise<LoginSubject> {
    const removed = await this.transaction(async (tx) => {
      const user = await tx.users.findById(id)
      if (!user) throw new Errors.notFound('No user with that id')
      if (actor.userId === id) throw new Errors.forbidden('You cannot delete your own account')
      if (isEnabledAdmin(user)) assertAdminsRemain(tx, [id], 'delete')
      await tx.users.delete(id)
      await tx.audit.insert(
        entryBy(
          actor,
          'user.delete',
          { type: 'user', id },
          { username: user.username },
          { before: { username: user.username, ...auditView(user) }, after: null },
        ),
      )
      return user
    })
    await this.changes.publish({ kind: 'user', id })
    return {
      id: removed.id,
      username: removed.username,
      role: removed.role,
      disabled: removed.disabledAt !== null,
    }
  }

  async findLoginSubject(username: string): Promise<LoginSubject | null> {
    const user = await this.repository.findByUsername(username)
    return user ? subjectOf(user) : null
  }

  /** Any account by id, disabled ones included (resolveUser answers only for active ones). */
  async findSubject(id: string): Promise<LoginSubject | null> {
    const user = await this.repository.findById(id)
    return user ? subjectOf(user) : null
  }

  /** Only for undoing a registration whose token turned out to be spent (no user data exists yet). */
  async deleteUnused(id: string): Promise<void> {
    await this.repository.delete(id)
  }

  touchActivity(lastActive: ReadonlyMap<string, Date>): Promise<void> {
    return this.repository.touchActivity(lastActive)
  }

  touchActivityFromKeys(lastUsed: ReadonlyMap<string, Date>): Promise<void> {
    return this.repository.touchActivityFromKeys(lastUsed)
  }

  count(): Promise<number> {
    return this.repository.count()
  }
}

function subjectOf(user: { id: string; username: string; role: Role; disabledAt: Date | null }) {
  return { id: user.id, username: user.username, role: user.role, disabled: user.disabledAt !== null }
}
