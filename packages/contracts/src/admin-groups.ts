import { Type, type Static } from 'typebox'
import { Timestamp } from './common.ts'
import { Group, UpdateGroupRequest } from './users.ts'

/** A group with the version that guards against two admins overwriting each other's edits. */
export const AdminGroup = Type.Object({
  ...Group.properties,
  version: Type.Integer({ description: 'Grows by one with every saved change; send it back when editing' }),
  updated_at: Timestamp,
})
export type AdminGroup = Static<typeof AdminGroup>
export const AdminGroupList = Type.Object({ groups: Type.Array(AdminGroup) })

/**
 * `PATCH /admin/groups/{id}` and `POST /admin/groups/{id}/preview`. With `version`, a group changed
 * since that version is not saved: 409 `CORRAL_ERR_STALE_EDIT` (the panel always sends it).
 */
export const AdminUpdateGroupRequest = Type.Object({
  ...UpdateGroupRequest.properties,
  version: Type.Optional(Type.Integer({ minimum: 0, description: 'The version the edit started from' })),
})
export type AdminUpdateGroupRequest = Static<typeof AdminUpdateGroupRequest>

export const FieldChange = Type.Object({
  field: Type.String({ description: 'e.g. priority, weight, models, limits.tokens_per_minute' }),
  before: Type.Unknown(),
  after: Type.Unknown(),
})
export type FieldChange = Static<typeof FieldChange>

/** What saving an edit would do, computed by the server without saving anything. */
export const GroupChangePreview = Type.Object({
  changes: Type.Array(FieldChange, { description: 'Only the fields whose value would change' }),
  affected_users: Type.Integer({ description: 'Members of the group: every change applies to them all' }),
  affected_keys: Type.Integer({
    description: "Their active API keys that take the group's priority (no priority of their own)",
  }),
  stale: Type.Boolean({ description: 'The group changed since `version`: saving would be refused' }),
  current: AdminGroup,
})
export type GroupChangePreview = Static<typeof GroupChangePreview>
