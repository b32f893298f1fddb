import type { Actor, ChangeBus } from '@corral/core'
import { Errors } from '@corral/core'
import type { CreateGroupRequest, UpdateGroupRequest } from '@corral/contracts'
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
    await this.audit.recordBy(actor, 'group.create', { type: 'group', id: group.id }, { name: group.name })
    return group
  }

  async update(actor: Actor, id: string, input: UpdateGroupRequest): Promise<GroupRow> {
    await this.get(id)
    if (input.name) {
      const clash = await this.repository.findByIdOrName(input.name)
      if (clash && clash.id !== id) throw new Errors.conflict(`A group named "${input.name}" exists`)
    }
    const group = await this.repository.update(id, this.toRow(input)).catch(nameTaken(input.name))
    if (!group) throw new Errors.notFound('No group with that id')
    await this.changes.publish({ kind: 'group', id })
    await this.audit.recordBy(actor, 'group.update', { type: 'group', id }, { changed: Object.keys(input) })
    return group
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const group = await this.get(id)
    if ((await this.settings.get()).defaultGroupId === id)
      throw new Errors.conflict('The default group cannot be deleted')
    if ((await this.repository.memberCount(id)) > 0)
      throw new Errors.conflict('Move the group’s members first')
    await this.repository.delete(id)
    await this.audit.recordBy(actor, 'group.delete', { type: 'group', id }, { name: group.name })
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

/** Two admins creating or renaming groups to one name at once: the unique index decides (409). */
function nameTaken(name: string | undefined) {
  return (error: unknown): never => {
    throw isUniqueViolation(error) ? new Errors.conflict(`A group named "${name}" exists`) : error
  }
}
