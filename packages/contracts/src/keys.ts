import { Type, type Static } from 'typebox'
import {
  Limits,
  LimitsPatch,
  ModelListInput,
  Nullable,
  NullableTimestamp,
  Priority,
  Timestamp,
  Uuid,
} from './common.ts'

export const Scope = Type.Literal('models:manage', {
  description: 'Lets the key pull, push, create, copy and delete models',
})

export const CreateApiKeyRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  priority: Type.Optional(Nullable(Priority)),
  expires_at: Type.Optional(Nullable(Timestamp)),
  scopes: Type.Optional(Type.Array(Scope, { maxItems: 5 })),
  models: Type.Optional(ModelListInput),
  cidrs: Type.Optional(
    Nullable(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 100,
        description: 'Addresses the key may be used from; null means anywhere',
      }),
    ),
  ),
  limits: Type.Optional(LimitsPatch),
})
export type CreateApiKeyRequest = Static<typeof CreateApiKeyRequest>

export const ApiKey = Type.Object({
  id: Uuid,
  user_id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The start of the key, to recognise it' }),
  priority: Type.Integer({ description: 'Effective priority: the key’s own, or its group’s' }),
  priority_override: Type.Union([Type.Integer(), Type.Null()]),
  scopes: Type.Array(Type.String()),
  models: Type.Union([Type.Array(Type.String()), Type.Null()]),
  cidrs: Type.Union([Type.Array(Type.String()), Type.Null()]),
  limits: Limits,
  expires_at: NullableTimestamp,
  last_used_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
  created_at: Timestamp,
})
export type ApiKey = Static<typeof ApiKey>

export const CreatedApiKey = Type.Intersect([
  ApiKey,
  Type.Object({ key: Type.String({ description: 'Shown once' }) }),
])
export type CreatedApiKey = Static<typeof CreatedApiKey>

export const CreateOllamaKeyRequest = Type.Object({
  public_key: Type.String({ minLength: 1, maxLength: 1000, description: 'ssh-ed25519 AAAA… comment' }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
})
export const OllamaKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  fingerprint: Type.String({ description: 'SHA256:… as printed by ssh-keygen -lf' }),
  last_used_at: NullableTimestamp,
  created_at: Timestamp,
})
export type OllamaKey = Static<typeof OllamaKey>
