import { Type, type Static } from 'typebox'
import { ListTotal, Offset, Timestamp, Uuid } from './common.ts'

const Changes = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
  description: 'The changed fields only; secrets never appear (they read "[redacted]")',
})

/** One admin (or security) action: who, from where, when, what, on what, and what changed. */
export const AdminAuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor_user_id: Type.Union([Uuid, Type.Null()]),
  actor_username: Type.Union([Type.String(), Type.Null()]),
  action: Type.String({ description: 'e.g. user.update, group.update, api_key.revoke, model.pull' }),
  target_type: Type.Union([Type.String(), Type.Null()]),
  target_id: Type.Union([Type.String(), Type.Null()]),
  before: Changes,
  after: Changes,
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
})
export type AdminAuditEntry = Static<typeof AdminAuditEntry>

/** The filters of the audit page; the CSV export takes the same ones (without paging). */
const auditFilters = {
  action: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'An action (user.update), or a family ending in a dot (user.) for all of its actions',
    }),
  ),
  actor_user_id: Type.Optional(Uuid),
  actor: Type.Optional(Type.String({ maxLength: 64, description: "The actor's username (any letter case)" })),
  target_type: Type.Optional(
    Type.String({ maxLength: 64, description: 'user, group, api_key, registration_token, backend, model …' }),
  ),
  target_id: Type.Optional(Type.String({ maxLength: 200 })),
  user_id: Type.Optional(
    Type.String({ format: 'uuid', description: 'Entries by this user or about them (actor or target)' }),
  ),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
}

export const AdminAuditQuery = Type.Object({
  ...auditFilters,
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Offset,
})
export type AdminAuditQuery = Static<typeof AdminAuditQuery>

export const AuditExportQuery = Type.Object(auditFilters)
export type AuditExportQuery = Static<typeof AuditExportQuery>

export const AdminAuditPage = Type.Object({ entries: Type.Array(AdminAuditEntry), ...ListTotal.properties })
export type AdminAuditPage = Static<typeof AdminAuditPage>

/**
 * Columns of `GET /admin/audit/export` (text/csv, newest first, RFC 4180 quoting): `before`, `after`
 * and `details` are JSON. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
export const auditCsvColumns = [
  'id',
  'at',
  'actor_user_id',
  'actor_username',
  'ip',
  'action',
  'target_type',
  'target_id',
  'before',
  'after',
  'details',
] as const
