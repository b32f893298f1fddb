import { Type, type Static } from 'typebox'
import { ListTotal, Paging, Timestamp, Uuid } from './common.ts'
import { UpdateUserRequest, User } from './users.ts'
import { Password, Role, Username } from './auth.ts'
import { ApiKey, OllamaKey } from './keys.ts'
import { UsageRecord, UsageTotals } from './usage.ts'
import { AdminAuditEntry } from './admin-audit.ts'

const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')])
export { SortOrder }

/** A user as the admin panel lists them. */
export const AdminUser = Type.Object({
  ...User.properties,
  last_active_at: Type.Union([Timestamp, Type.Null()], {
    description: 'When a request of theirs was last served or one of their keys last used; null: never',
  }),
  active_key_count: Type.Integer({ description: 'API keys not revoked (expired ones included)' }),
})
export type AdminUser = Static<typeof AdminUser>

export const UserSort = Type.Union(
  [
    Type.Literal('username'),
    Type.Literal('created_at'),
    Type.Literal('last_active_at'),
    Type.Literal('role'),
  ],
  { default: 'username' },
)
export type UserSort = Static<typeof UserSort>

/** `GET /admin/users`: everything runs on the server; one page of rows and the (capped) total come back. */
export const ListAdminUsersQuery = Type.Object({
  ...Paging.properties,
  q: Type.Optional(
    Type.String({ maxLength: 64, description: 'Part of a username (case-insensitive, taken literally)' }),
  ),
  role: Type.Optional(Role),
  group_id: Type.Optional(Uuid),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  sort: Type.Optional(UserSort),
  order: Type.Optional(SortOrder),
})
export type ListAdminUsersQuery = Static<typeof ListAdminUsersQuery>

export const AdminUserList = Type.Object({ users: Type.Array(AdminUser), ...ListTotal.properties })
export type AdminUserList = Static<typeof AdminUserList>

/** `POST /admin/users`. Without `password` the server generates a strong one and returns it once. */
export const AdminCreateUserRequest = Type.Object({
  username: Username,
  password: Type.Optional(Password),
  role: Type.Optional(Role),
  group: Type.Optional(Type.String({ description: 'Group id or name; the default group when absent' })),
})
export type AdminCreateUserRequest = Static<typeof AdminCreateUserRequest>

export const AdminCreatedUser = Type.Object({
  id: Uuid,
  username: Type.String(),
  role: Role,
  group_id: Uuid,
  password: Type.Optional(
    Type.String({ description: 'Only when the server generated it; shown this once, never stored in clear' }),
  ),
})
export type AdminCreatedUser = Static<typeof AdminCreatedUser>

/** `POST /admin/users/{id}/password`: with a password → 204; without one the server generates it → 200. */
export const AdminResetPasswordRequest = Type.Object({ password: Type.Optional(Password) })
export const GeneratedPassword = Type.Object({
  password: Type.String({ description: 'Shown this once; every session of the user has ended' }),
})

/** `PATCH /admin/users/{id}`. */
export const AdminUpdateUserRequest = UpdateUserRequest
export type AdminUpdateUserRequest = Static<typeof AdminUpdateUserRequest>

/**
 * `POST /admin/users/bulk`: one action on a selection, all or nothing (an unknown id, or a change that
 * would leave no enabled admin, changes none of them); one audit record per user changed.
 */
export const BulkUsersRequest = Type.Object({
  ids: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }),
  action: Type.Union([Type.Literal('disable'), Type.Literal('enable'), Type.Literal('move')]),
  group: Type.Optional(Type.String({ description: 'For `move`: the group id or name' })),
})
export type BulkUsersRequest = Static<typeof BulkUsersRequest>
export const BulkUsersResult = Type.Object({
  changed: Type.Integer({ description: 'Users whose state changed (the others already were so)' }),
  users: Type.Array(AdminUser),
})
export type BulkUsersResult = Static<typeof BulkUsersResult>

/** A browser session (one refresh-token family) of a user, from the auth service. */
export const UserSession = Type.Object({
  id: Uuid,
  created_at: Timestamp,
  last_used_at: Timestamp,
  expires_at: Timestamp,
  ip: Type.Union([Type.String(), Type.Null()]),
  user_agent: Type.Union([Type.String(), Type.Null()]),
})
export type UserSession = Static<typeof UserSession>
export const UserSessions = Type.Object({ sessions: Type.Array(UserSession) })
export const SessionParams = Type.Object({ id: Uuid, sessionId: Uuid })

/** `GET /admin/users/{id}/overview`: what the user's page shows, in one answer (sessions aside). */
export const UserOverview = Type.Object({
  user: AdminUser,
  api_keys: Type.Array(ApiKey, { description: 'Every key, revoked ones included, newest first' }),
  ollama_keys: Type.Array(OllamaKey),
  usage: Type.Object({
    since: Timestamp,
    totals: UsageTotals,
    currency: Type.String(),
    recent: Type.Array(UsageRecord, { description: 'The 20 newest usage records' }),
  }),
  audit: Type.Array(AdminAuditEntry, {
    description: 'The 20 newest audit entries by or about this user; more with GET /admin/audit?user_id=',
  }),
})
export type UserOverview = Static<typeof UserOverview>

export const OllamaKeyParams = Type.Object({ id: Uuid, keyId: Uuid })
