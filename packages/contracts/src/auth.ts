import { Type, type Static } from 'typebox'
import { Nullable, NullableTimestamp, Timestamp, Uuid } from './common.ts'

export const Username = Type.String({
  minLength: 2,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$',
  description: 'Letters, digits and . _ @ -; case-insensitive',
})
/** Checked for strength by the auth service; the schema only bounds the size (argon2 input). */
export const Password = Type.String({ minLength: 1, maxLength: 1024 })
export const Role = Type.Union([Type.Literal('user'), Type.Literal('admin')])

export const LoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Password,
  use_cookie: Type.Optional(
    Type.Boolean({
      description: 'Browser apps: keep the refresh token in an httpOnly cookie instead of the body',
    }),
  ),
})
export type LoginRequest = Static<typeof LoginRequest>

export const TokenPair = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Optional(Type.String({ description: 'Absent when the cookie carries it' })),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
})
export type TokenPair = Static<typeof TokenPair>

export const RefreshRequest = Type.Object({
  refresh_token: Type.Optional(Type.String({ maxLength: 200 })),
  use_cookie: Type.Optional(Type.Boolean()),
})
export const LogoutRequest = Type.Object({ refresh_token: Type.Optional(Type.String({ maxLength: 200 })) })

export const RegisterRequest = Type.Object({
  username: Username,
  password: Password,
  registration_token: Type.String({ minLength: 1, maxLength: 200 }),
})
export type RegisterRequest = Static<typeof RegisterRequest>

export const Account = Type.Object({
  id: Uuid,
  username: Type.String(),
  role: Role,
  group_id: Uuid,
})

export const ChangePasswordRequest = Type.Object({ current_password: Password, new_password: Password })
export const ResetPasswordRequest = Type.Object({ password: Password })

export const CreateUserRequest = Type.Object({
  username: Username,
  password: Password,
  role: Type.Optional(Role),
  group: Type.Optional(Type.String({ description: 'Group id or name; the default group when absent' })),
})
export type CreateUserRequest = Static<typeof CreateUserRequest>

export const CreateRegistrationTokenRequest = Type.Object({
  max_uses: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, maximum: 100000, description: 'null means unlimited' })),
  ),
  expires_at: Type.Optional(Nullable(Timestamp)),
  group: Type.Optional(Nullable(Type.String())),
  role: Type.Optional(Role),
  note: Type.Optional(Type.String({ maxLength: 500 })),
})
export type CreateRegistrationTokenRequest = Static<typeof CreateRegistrationTokenRequest>

export const RegistrationToken = Type.Object({
  id: Uuid,
  prefix: Type.String(),
  note: Type.String(),
  max_uses: Type.Union([Type.Integer(), Type.Null()]),
  uses: Type.Integer(),
  role: Role,
  group_id: Type.Union([Uuid, Type.Null()]),
  expires_at: NullableTimestamp,
  revoked_at: NullableTimestamp,
  created_at: Timestamp,
})
export const CreatedRegistrationToken = Type.Intersect([
  RegistrationToken,
  Type.Object({ token: Type.String({ description: 'Shown once' }), register_url: Type.String() }),
])

export const Jwks = Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) })
