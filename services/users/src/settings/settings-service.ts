import type { Actor, ChangeBus, EventBus, Settings } from '@corral/core'
import { Errors, isTimeZone } from '@corral/core'
import type { AuditService } from '../audit/audit-service.ts'
import { defaultGroupName, type GroupsRepository } from '../groups/groups-repository.ts'
import { diffChanges } from '../audit/audit-changes.ts'
import { settingsToApi, toSnake } from './settings-mapping.ts'
import { defaultSettings } from './settings-defaults.ts'
import type { SettingsRepository } from './settings-repository.ts'

export type SettingsPatch = Partial<Omit<Settings, 'queue' | 'fairness' | 'tokenPrices'>> & {
  queue?: Partial<Settings['queue']>
  fairness?: Partial<Settings['fairness']>
  tokenPrices?: Partial<Settings['tokenPrices']>
}

/**
 * Typed settings over the key/value table, cached in memory. Every change is published on the change
 * bus, so the scheduler and every replica apply it without a restart.
 */
export class SettingsService {
  private cached: Settings | undefined

  constructor(
    private readonly repository: SettingsRepository,
    private readonly groups: GroupsRepository,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
    private readonly events: EventBus,
  ) {}

  /** Makes sure a default group exists and is the configured default (idempotent, safe in replicas). */
  async ensureDefaults(): Promise<void> {
    const group = await this.groups.ensureDefaultGroup()
    await this.repository.writeIfAbsent('defaultGroupId', group.id)
  }

  async get(): Promise<Settings> {
    this.cached ??= await this.load()
    return this.cached
  }

  invalidate(): void {
    this.cached = undefined
  }

  /** The live values, what "reset to default" restores, and the version an edit starts from. */
  async describe(): Promise<{ values: Settings; defaults: Settings; version: number }> {
    const [values, version, group] = await Promise.all([
      this.load(),
      this.repository.version(),
      this.groups.findByIdOrName(defaultGroupName),
    ])
    return {
      values,
      defaults: { ...defaultSettings, defaultGroupId: group?.id ?? values.defaultGroupId },
      version,
    }
  }

  /** Saves the fields given; with `version`, refused when someone else saved a change since. */
  async update(actor: Actor, patch: SettingsPatch, version?: number): Promise<Settings> {
    const current = await this.load()
    if (patch.reportingTimeZone !== undefined && !isTimeZone(patch.reportingTimeZone)) {
      throw new Errors.unknownTimeZone(`"${patch.reportingTimeZone}" is not a known IANA time zone`)
    }
    if (patch.defaultGroupId && !(await this.groups.findById(patch.defaultGroupId))) {
      throw new Errors.notFound('No group with that id')
    }
    const next: Settings = {
      ...current,
      ...patch,
      queue: { ...current.queue, ...patch.queue },
      fairness: { ...current.fairness, ...patch.fairness },
      tokenPrices: { ...current.tokenPrices, ...patch.tokenPrices },
    }
    const changed = Object.fromEntries(Object.keys(patch).map((key) => [key, next[key as keyof Settings]]))
    if (!(await this.repository.writeVersioned(changed, version))) {
      throw new Errors.staleEdit(
        'The settings were changed by someone else since you opened them; reload them and apply your change again',
      )
    }
    this.cached = next
    await this.changes.publish({ kind: 'settings' })
    // The sections as the settings API names them (`queue`, `registration_enabled`, …).
    this.events.publish({
      type: 'settings.changed',
      sections: Object.keys(patch).map(toSnake),
      actor_id: actor.userId,
    })
    await this.audit.recordBy(
      actor,
      'settings.update',
      { type: 'settings', id: 'settings' },
      { changed: Object.keys(patch) },
      diffChanges(flatten(settingsToApi(current)), flatten(settingsToApi(next))),
    )
    return next
  }

  private async load(): Promise<Settings> {
    const stored = await this.repository.readAll()
    return {
      registrationEnabled:
        (stored.registrationEnabled as boolean | undefined) ?? defaultSettings.registrationEnabled,
      defaultGroupId: stored.defaultGroupId as string,
      queue: { ...defaultSettings.queue, ...(stored.queue as object | undefined) },
      fairness: { ...defaultSettings.fairness, ...(stored.fairness as object | undefined) },
      reportingTimeZone:
        (stored.reportingTimeZone as string | undefined) ?? defaultSettings.reportingTimeZone,
      tokenPrices: { ...defaultSettings.tokenPrices, ...(stored.tokenPrices as object | undefined) },
    }
  }
}

/** `{queue: {max_length}}` → `{'queue.max_length'}`: an audit record then names the one field changed. */
function flatten(settings: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(settings)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [inner, innerValue] of Object.entries(value)) flat[`${key}.${inner}`] = innerValue
    else flat[key] = value
  }
  return flat
}
