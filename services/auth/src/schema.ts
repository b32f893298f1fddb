import { index, integer, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Everything the auth service owns lives in the `auth` schema (one schema per service). */
export const authSchema = pgSchema('auth')

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

/** One password per user; users themselves belong to the users service (no cross-schema keys). */
export const credentials = authSchema.table('credentials', {
  userId: uuid('user_id').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. Every use rotates the token inside its family;
 * presenting a token that was already used revokes the whole family (a stolen token was replayed).
 */
export const refreshTokens = authSchema.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (table) => [
    index('refresh_tokens_family').on(table.familyId),
    index('refresh_tokens_user').on(table.userId),
  ],
)

/**
 * JWT signing keys. The private half is encrypted with the instance secret (AES-256-GCM); the
 * public half is published as JWKS until `expiresAt`, and used for signing until `retiresAt`.
 */
export const signingKeys = authSchema.table('signing_keys', {
  kid: text('kid').primaryKey(),
  algorithm: text('algorithm').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  privateKeyEncrypted: text('private_key_encrypted').notNull(),
  createdAt: createdAt(),
  retiresAt: timestamp('retires_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
})

export const registrationTokens = authSchema.table('registration_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  note: text('note').notNull().default(''),
  /** null = unlimited. */
  maxUses: integer('max_uses'),
  uses: integer('uses').notNull().default(0),
  role: text('role', { enum: ['user', 'admin'] })
    .notNull()
    .default('user'),
  groupId: uuid('group_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  /** Kept with the token: the creator's account may be renamed or deleted later. */
  createdByUsername: text('created_by_username'),
  createdAt: createdAt(),
})

/** Who registered with which invitation, and when (the admin list shows it). */
export const registrationRedemptions = authSchema.table(
  'registration_redemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => registrationTokens.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    username: text('username').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('registration_redemptions_token').on(table.tokenId, table.at)],
)

/** Failed sign-ins per throttle key (`user:<name>` or `ip:<address>`) in a sliding window. */
export const loginFailures = authSchema.table(
  'login_failures',
  {
    throttleKey: text('throttle_key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('login_failures_key_at').on(table.throttleKey, table.at)],
)
