import { generateSecret, Errors, type Actor, type SecretBox } from '@corral/core'
import type { CreateAlertTargetRequest, UpdateAlertTargetRequest } from '@corral/contracts'
import type { AuditService } from '../audit/audit-service.ts'
import type { AlertsRepository, AlertTargetRow } from './alerts-repository.ts'
import { fieldError } from './field-error.ts'

/** A target as delivery needs it, the signing secret opened once and held in memory only. */
export interface LiveTarget {
  id: string
  name: string
  kind: 'generic' | 'slack'
  url: string
  enabled: boolean
  secret: string | null
}

const secretPrefix = 'corral_whsec_'

/**
 * Webhook targets. The signing secret is generated here, returned once by `create`, stored sealed with
 * the instance secret (AES-256-GCM, the same SecretBox as the JWT signing keys) and never logged or
 * audited; delivery reads targets from the in-memory copy, so notifying needs no database round trip.
 */
export class AlertTargetsService {
  private live = new Map<string, LiveTarget>()
  private readonly deleted: ((id: string) => void)[] = []

  constructor(
    private readonly repository: AlertsRepository,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async load(): Promise<void> {
    const rows = await this.repository.listTargets()
    this.live = new Map(rows.map((row) => [row.id, this.toLive(row)]))
  }

  get(id: string): LiveTarget | undefined {
    return this.live.get(id)
  }

  list(): Promise<AlertTargetRow[]> {
    return this.repository.listTargets()
  }

  async create(
    actor: Actor,
    body: CreateAlertTargetRequest,
  ): Promise<{ row: AlertTargetRow; secret: string | null }> {
    const url = checkedUrl(body.url)
    const secret = body.kind === 'generic' ? generateSecret(secretPrefix) : null
    const row = await this.repository.insertTarget({
      name: body.name,
      kind: body.kind,
      url,
      enabled: body.enabled ?? true,
      secretSealed: secret === null ? null : this.box.seal(secret),
    })
    this.live.set(row.id, this.toLive(row))
    await this.audit.recordBy(actor, 'alert_target.create', { type: 'alert_target', id: row.id }, undefined, {
      before: null,
      after: { name: row.name, kind: row.kind, url: originOf(row.url), enabled: row.enabled },
    })
    return { row, secret }
  }

  async update(actor: Actor, id: string, body: UpdateAlertTargetRequest): Promise<AlertTargetRow> {
    const before = this.live.get(id)
    const url = body.url === undefined ? undefined : checkedUrl(body.url)
    const row = await this.repository.updateTarget(id, { name: body.name, url, enabled: body.enabled })
    if (!row || !before) throw new Errors.notFound('No such alert target')
    this.live.set(row.id, this.toLive(row))
    await this.audit.recordBy(actor, 'alert_target.update', { type: 'alert_target', id }, undefined, {
      before: { name: before.name, url: originOf(before.url), enabled: before.enabled },
      after: { name: row.name, url: originOf(row.url), enabled: row.enabled },
    })
    return row
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const row = await this.repository.deleteTarget(id)
    if (!row) throw new Errors.notFound('No such alert target')
    this.live.delete(id)
    for (const listener of this.deleted) listener(id)
    await this.audit.recordBy(actor, 'alert_target.delete', { type: 'alert_target', id }, { name: row.name })
  }

  /** The rules drop a deleted target from their in-memory copies (the repository did it in SQL). */
  onDeleted(listener: (id: string) => void): void {
    this.deleted.push(listener)
  }

  async recordTest(actor: Actor, id: string): Promise<void> {
    await this.audit.recordBy(actor, 'alert_target.test', { type: 'alert_target', id })
  }

  private toLive(row: AlertTargetRow): LiveTarget {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      url: row.url,
      enabled: row.enabled,
      secret: row.secretSealed === null ? null : this.box.open(row.secretSealed),
    }
  }
}

/** The URL as the WHATWG parser reads it; http and https only, no credentials in it. */
function checkedUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw fieldError('/url', 'must be an http or https URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw fieldError('/url', 'must be an http or https URL')
  if (url.username || url.password) throw fieldError('/url', 'must not contain a user name or password')
  return url.href
}

/** What the audit log keeps of a webhook URL: a Slack URL's path is its secret. */
const originOf = (url: string) => new URL(url).origin
