import type { Actor, ChangeBus, LoginSubject, Role } from '@corral/core'
import { Errors } from '@corral/core'
import type { ListUsersQuery, UpdateUserRequest } from '@corral/contracts'
import type { AuditService } from '../audit/audit-service.ts'
import type { GroupsService } from '../groups/groups-service.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import type { UsersRepository, UserWithGroup } from './users-repository.ts'

export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly groups: GroupsService,
    private readonly settings: SettingsService,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

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

  list(query: ListUsersQuery) {
    return this.repository.list(query)
  }

  async update(actor: Actor, id: string, input: UpdateUserRequest): Promise<UserWithGroup> {
    const user = await this.get(id)
    const changes: { role?: Role; groupId?: string; disabledAt?: Date | null } = {}
    if (input.role !== undefined && input.role !== user.role) changes.role = input.role
    if (input.group !== undefined) changes.groupId = (await this.groups.resolve(input.group)).id
    if (input.disabled !== undefined && input.disabled !== (user.disabledAt !== null)) {
      changes.disabledAt = input.disabled ? new Date() : null
    }
    const losesAdmin =
      (changes.role === 'user' || changes.disabledAt) && user.role === 'admin' && !user.disabledAt
    if (losesAdmin && actor.userId === id) throw new Errors.forbidden('You cannot demote or disable yourself')
    if (losesAdmin && (await this.repository.countActiveAdmins()) <= 1) {
      throw new Errors.conflict('This is the last active admin')
    }
    await this.repository.update(id, changes)
    await this.changes.publish({ kind: 'user', id })
    await this.audit.recordBy(
      actor,
      'user.update',
      { type: 'user', id },
      {
        username: user.username,
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.groupId ? { groupId: changes.groupId } : {}),
        ...(changes.disabledAt !== undefined ? { disabled: changes.disabledAt !== null } : {}),
      },
    )
    return this.get(id)
  }

  async findLoginSubject(username: string): Promise<LoginSubject | null> {
    const user = await this.repository.findByUsername(username)
    return user
      ? { id: user.id, username: user.username, role: user.role, disabled: user.disabledAt !== null }
      : null
  }

  /** Only for undoing a registration whose token turned out to be spent (no user data exists yet). */
  async deleteUnused(id: string): Promise<void> {
    await this.repository.delete(id)
  }

  count(): Promise<number> {
    return this.repository.count()
  }
}
