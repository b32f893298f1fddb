import { Type, type Static } from 'typebox'
import { ListTotal, Paging, Timestamp, Uuid } from './common.ts'
import { ApiKey } from './keys.ts'
import { SortOrder } from './admin-users.ts'

export const KeyStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('expired'),
  Type.Literal('revoked'),
])
export type KeyStatus = Static<typeof KeyStatus>

/** A key as the admin panel lists it: never the secret, only its first and last characters. */
export const AdminApiKey = Type.Object({
  ...ApiKey.properties,
  username: Type.String(),
  group_id: Uuid,
  group_name: Type.String(),
  status: KeyStatus,
  last_four: Type.Union([Type.String(), Type.Null()], {
    description: 'The last 4 characters of the secret; null for keys made before Corral kept them',
  }),
})
export type AdminApiKey = Static<typeof AdminApiKey>

export const KeySort = Type.Union([
  Type.Literal('created_at'),
  Type.Literal('last_used_at'),
  Type.Literal('expires_at'),
  Type.Literal('name'),
  Type.Literal('username'),
])
export type KeySort = Static<typeof KeySort>

/** `GET /admin/keys`: every key across users, filtered, sorted and paged on the server. */
export const ListAdminKeysQuery = Type.Object({
  ...Paging.properties,
  q: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'The start of the key name (any letter case) or of the key itself (corral_sk_…)',
    }),
  ),
  user_id: Type.Optional(Uuid),
  group_id: Type.Optional(Uuid),
  status: Type.Optional(KeyStatus),
  last_used_after: Type.Optional(Timestamp),
  last_used_before: Type.Optional(Timestamp),
  never_used: Type.Optional(
    Type.Boolean({ description: 'true: only keys never used; false: only used ones' }),
  ),
  sort: Type.Optional(KeySort),
  order: Type.Optional(SortOrder),
})
export type ListAdminKeysQuery = Static<typeof ListAdminKeysQuery>

export const AdminKeyList = Type.Object({ keys: Type.Array(AdminApiKey), ...ListTotal.properties })
export type AdminKeyList = Static<typeof AdminKeyList>
