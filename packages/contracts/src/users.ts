import { Type, type Static } from 'typebox'
import {
  Limits,
  LimitsPatch,
  ModelList,
  ModelListInput,
  NullableTimestamp,
  Paging,
  Priority,
  Timestamp,
  Uuid,
} from './common.ts'
import { Role } from './auth.ts'

export const Group = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  priority: Priority,
  weight: Type.Number({
    description: 'Fair-share weight: a group with weight 2 gets twice the tokens under contention',
  }),
  models: ModelList,
  limits: Limits,
  is_default: Type.Boolean(),
  member_count: Type.Integer(),
  created_at: Timestamp,
})
export type Group = Static<typeof Group>

export const CreateGroupRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  priority: Priority,
  weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
  models: Type.Optional(ModelListInput),
  limits: Type.Optional(LimitsPatch),
})
export type CreateGroupRequest = Static<typeof CreateGroupRequest>
export const UpdateGroupRequest = Type.Partial(CreateGroupRequest)
export type UpdateGroupRequest = Static<typeof UpdateGroupRequest>

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  role: Role,
  group_id: Uuid,
  group_name: Type.String(),
  priority: Priority,
  disabled: Type.Boolean(),
  created_at: Timestamp,
  disabled_at: NullableTimestamp,
})
export type User = Static<typeof User>

export const UserList = Type.Object({ users: Type.Array(User), total: Type.Integer() })
export const ListUsersQuery = Type.Intersect([
  Paging,
  Type.Object({ q: Type.Optional(Type.String({ maxLength: 64, description: 'Part of a username' })) }),
])
export type ListUsersQuery = Static<typeof ListUsersQuery>

export const UpdateUserRequest = Type.Object({
  role: Type.Optional(Role),
  group: Type.Optional(Type.String({ description: 'Group id or name' })),
  disabled: Type.Optional(Type.Boolean()),
})
export type UpdateUserRequest = Static<typeof UpdateUserRequest>

export const Me = Type.Object({
  id: Uuid,
  username: Type.String(),
  role: Role,
  group: Type.Object({ id: Uuid, name: Type.String(), priority: Priority, models: ModelList }),
})
export type Me = Static<typeof Me>
