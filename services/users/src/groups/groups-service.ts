import type { Actor, ChangeBus } from '@corral/core'
import { Errors } from '@corral/core'
import type { AdminUpdateGroupRequest, CreateGroupRequest, UpdateGroupRequest } from '@corral/contracts'
import { diffChanges } from '../audit/audit-changes.ts'
import { editableView, editedView, fieldChanges } from './group-changes.ts'
import type { AuditService } from '../audit/audit-service.ts'
import { limitsToRow } from '../limits-columns.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { isUniqueViolation } from '../unique-violation.ts'
import type { GroupRow, GroupsRepository, NewGroup } from './groups-repository.ts'

export class GroupsService {
  constructor(
    private readonly repository: GroupsRepository,
    private readonly settings: SettingsService,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

  async list() {
    const [groups, settings] = await Promise.all([
      this.repository.listWithMemberCounts(),
      this.settings.get(),
    ])
    return groups.map((group) => ({ ...group, isDefault: group.id === settings.defaultGroupId }))
  }

  async get(id: string): Promise<GroupRow> {
    const group = await this.repository.findById(id)
    if (!group) throw new Errors.notFound('No group with that id')
    return group
  }

  find(reference: string): Promise<GroupRow | undefined> {
    return this.repository.findByIdOrName(reference)
  }

  async resolve(reference: string): Promise<GroupRow> {
    const group = await this.repository.findByIdOrName(reference)
    if (!group) throw new Errors.notFound(`No group "${reference}"`)
    return group
  }

  async create(actor: Actor, input: CreateGroupRequest): Promise<GroupRow> {
    if (await this.repository.findByIdOrName(input.name))
      throw new Errors.conflict(`A group named "${input.name}" exists`)
    const group = await this.repository.insert(this.toRow(input) as NewGroup).catch(nameTaken(input.name))
    await this.audit.recordBy(
      actor,
      'group.create',
      { type: 'group', id: group.id },
      { name: group.name },
      { before: null, after: editableView(group) },
    )
    return group
  }

  /** What saving `input` would change and for how many users and keys; saves nothing. */
  async preview(id: string, input: AdminUpdateGroupRequest) {
    const group = await this.get(id)
    const [affectedUsers, affectedKeys, settings] = await Promise.all([
      this.repository.memberCount(id),
      this.repository.inheritingKeyCount(id),
      this.settings.get(),
    ])
    return {
      changes: fieldChanges(editableView(group), editedView(group, input)),
      affectedUsers,
      affectedKeys,
      stale: input.version !== undefined && input.version !== group.version,
      current: { ...group, memberCount: affectedUsers, isDefault: settings.defaultGroupId === id },
    }
  }

  /** Saves an edit; one started from an older `version` than the saved one is refused (stale). */
  async update(actor: Actor, id: string, input: AdminUpdateGroupRequest): Promise<GroupRow> {
    const before = await this.get(id)
    if (input.name) {
      const clash = await this.repository.findByIdOrName(input.name)
      if (clash && clash.id !== id) throw new Errors.conflict(`A group named "${input.name}" exists`)
    }
    const group = await this.repository
      .update(id, this.toRow(input), input.version)
      .catch(nameTaken(input.name))
    if (!group) {
      if (await this.repository.findById(id)) throw staleEdit(before.name)
      throw new Errors.notFound('No group with that id')
    }
    await this.changes.publish({ kind: 'group', id })
    await this.audit.recordBy(
      actor,
      'group.update',
      { type: 'group', id },
      { name: group.name, changed: Object.keys(input).filter((field) => field !== 'version') },
      diffChanges(editableView(before), editableView(group)),
    )
    return group
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const group = await this.get(id)
    if ((await this.settings.get()).defaultGroupId === id)
      throw new Errors.conflict('The default group cannot be deleted')
    if ((await this.repository.memberCount(id)) > 0)
      throw new Errors.conflict('Move the group’s members first')
    await this.repository.delete(id)
    await this.audit.recordBy(
      actor,
      'group.delete',
      { type: 'group', id },
      { name: group.name },
      { before: editableView(group), after: null },
    )
  }

  private toRow(input: UpdateGroupRequest): Partial<NewGroup> {
    const row: Partial<NewGroup> = { ...limitsToRow(input.limits) }
    if (input.name !== undefined) row.name = input.name
    if (input.description !== undefined) row.description = input.description
    if (input.priority !== undefined) row.priority = input.priority
    if (input.weight !== undefined) row.weight = input.weight
    if (input.models !== undefined) row.modelAllowlist = input.models
    return row
  }
}

function staleEdit(name: string) {
  return new Errors.staleEdit(
    `The group "${name}" was changed by someone else since you opened it; reload it and apply your change again`,
  )
}

/** Two admins creating or renaming groups to one name at once: the unique index decides (409). */
function nameTaken(name: string | undefined) {
  return (error: unknown): never => {
    throw isUniqueViolation(error) ? new Errors.conflict(`A group named "${name}" exists`) : error
  }
}
