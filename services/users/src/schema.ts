import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  bigserial,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

/** Everything the users service owns lives in the `users` schema (one schema per service). */
export const usersSchema = pgSchema('users')

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

/** Limits shared by groups (defaults) and keys (overrides); null = unlimited. */
const limitColumns = () => ({
  maxConcurrency: integer('max_concurrency'),
  requestsPerMinute: integer('requests_per_minute'),
  tokensPerMinute: integer('tokens_per_minute'),
  dailyTokenQuota: bigint('daily_token_quota', { mode: 'number' }),
  monthlyTokenQuota: bigint('monthly_token_quota', { mode: 'number' }),
})

export const groups = usersSchema.table('groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  priority: integer('priority').notNull().default(5),
  weight: real('weight').notNull().default(1),
  /** null = every model. */
  modelAllowlist: text('model_allowlist').array(),
  ...limitColumns(),
  /** Grows with every saved change: an edit started from an older version is refused (stale). */
  version: integer('version').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const users = usersSchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    /** `usernameKey(username)`: what lookups compare, so that they never depend on the database's collation. */
    usernameKey: text('username_key').notNull(),
    role: text('role', { enum: ['user', 'admin'] })
      .notNull()
      .default('user'),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The last request served for them or use of one of their keys (written in batches, off the hot path). */
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // One key for storage, lookup and throttling (NFKC + a locale-independent lower case).
    uniqueIndex('users_username_key').on(table.usernameKey),
    // The admin list sorts and filters 100,000 users on the server (docs/performance.md).
    index('users_created').on(table.createdAt, table.id),
    // Both orders of "last active" use it: newest first with never-active last, and the reverse.
    index('users_last_active').on(table.lastActiveAt.desc().nullsLast(), table.id.desc()),
    index('users_group').on(table.groupId),
    index('users_role_name').on(table.role, sql`lower(${table.username})`, table.id),
    // Substring search ("part of a username") through trigrams instead of reading every user.
    index('users_username_trgm').using('gin', sql`${table.username} gin_trgm_ops`),
  ],
)

export const apiKeys = usersSchema.table(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The first characters of the secret, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** The last four characters of the secret, so admins can tell keys apart; null for older keys. */
    lastFour: text('last_four'),
    /** SHA-256 of the whole secret (hex); the secret itself is never stored. */
    secretHash: text('secret_hash').notNull().unique(),
    /** null = the user's group priority at the time of use. */
    priority: integer('priority'),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    modelAllowlist: text('model_allowlist').array(),
    cidrAllowlist: text('cidr_allowlist').array(),
    ...limitColumns(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [
    index('api_keys_user').on(table.userId),
    index('api_keys_created').on(table.createdAt, table.id),
    // The admin key list's sorts (each index serves both directions of its sort, scanned backwards).
    index('api_keys_last_used').on(table.lastUsedAt.desc().nullsLast(), table.id.desc()),
    index('api_keys_expires').on(table.expiresAt.desc().nullsLast(), table.id.desc()),
    index('api_keys_name_lower').on(sql`lower(${table.name})`, table.id),
    // Searches match the start of a key's name or prefix: an index range, where a substring would scan.
    index('api_keys_name_search').on(sql`lower(${table.name}) text_pattern_ops`),
    index('api_keys_prefix_search').on(sql`${table.prefix} text_pattern_ops`),
  ],
)

export const ollamaKeys = usersSchema.table(
  'ollama_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** base64 of the SSH wire-format public key: exactly what the CLI puts before the `:`. */
    publicKey: text('public_key').notNull().unique(),
    fingerprint: text('fingerprint').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index('ollama_keys_user').on(table.userId)],
)

export const usageRecords = usersSchema.table(
  'usage_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** No foreign keys: usage outlives revoked keys and deleted users (it is the accounting record). */
    keyId: uuid('key_id'),
    groupId: uuid('group_id'),
    model: text('model').notNull(),
    backendId: text('backend_id'),
    endpoint: text('endpoint').notNull(),
    source: text('source', { enum: ['api', 'chat'] }).notNull(),
    status: integer('status').notNull(),
    promptTokens: integer('prompt_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    queueWaitMs: integer('queue_wait_ms').notNull(),
    timeToFirstTokenMs: integer('time_to_first_token_ms'),
    durationMs: integer('duration_ms').notNull(),
    priority: integer('priority').notNull(),
    error: text('error'),
    /** Times a backend refused before streaming and the request went back to the queue. */
    requeues: integer('requeues').notNull().default(0),
    /** Every backend the request was sent to, in order; null when it went to one (most requests). */
    backendsTried: text('backends_tried').array(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
  },
  // Each index ends in (finished_at, id): the request log pages by that pair (keyset, newest first),
  // so every filter is one index range read backwards, however many records there are.
  (table) => [
    index('usage_user_time').on(table.userId, table.finishedAt, table.id),
    index('usage_key_time').on(table.keyId, table.finishedAt, table.id),
    index('usage_group_time').on(table.groupId, table.finishedAt, table.id),
    index('usage_model_time').on(table.model, table.finishedAt, table.id),
    index('usage_backend_time').on(table.backendId, table.finishedAt, table.id),
    index('usage_time').on(table.finishedAt, table.id),
    // Status and endpoint have few values, but a rare or absent one (504, /v1/embeddings) must not read
    // every record to find nothing: exact codes, classes (5xx) and endpoints have ranges of their own.
    index('usage_status_time').on(table.status, table.finishedAt, table.id),
    index('usage_status_class_time').on(sql`(${table.status} / 100)`, table.finishedAt, table.id),
    index('usage_endpoint_time').on(table.endpoint, table.finishedAt, table.id),
  ],
)

/**
 * Rollups of `usage_records` for the dashboards (docs/monitoring.md, "Dashboards"), written in the same
 * statement as each batch of records so they never disagree with them. Minute rows carry the totals
 * the charts draw. The wider rows exist at three grains: quarter hours (`q`), UTC hours (`h`) and UTC
 * days (`d`). A range is read as the fewest aligned pieces that tile it (days in the middle, hours and
 * quarters at the edges); the quarter hour is the coarsest grid every time zone's midnight falls on
 * (offsets such as +05:30 and +05:45), so any zone's day is a whole number of pieces.
 */
const bucketStart = () => timestamp('bucket_start', { withTimezone: true }).notNull()
const grain = () => text('grain', { enum: ['q', 'h', 'd'] }).notNull()
const rollupMeasures = () => ({
  requests: integer('requests').notNull(),
  errors: integer('errors').notNull(),
  promptTokens: bigint('prompt_tokens', { mode: 'number' }).notNull(),
  outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
})

export const usageMinutes = usersSchema.table(
  'usage_minutes',
  { bucketStart: bucketStart(), ...rollupMeasures() },
  (table) => [primaryKey({ columns: [table.bucketStart] })],
)

/** Per grain, piece and dimension (user, key, group, model, backend, endpoint, status) value. */
export const usageDimensions = usersSchema.table(
  'usage_dimensions',
  {
    grain: grain(),
    bucketStart: bucketStart(),
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    ...rollupMeasures(),
    /** Summed request durations: a backend's busy slot-time. */
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.dimension, table.grain, table.bucketStart, table.value] })],
)

/** Served tokens per grain, piece, priority and user: the fairness view. */
export const usageUsers = usersSchema.table(
  'usage_users',
  {
    grain: grain(),
    bucketStart: bucketStart(),
    priority: integer('priority').notNull(),
    userId: uuid('user_id').notNull(),
    ...rollupMeasures(),
  },
  (table) => [primaryKey({ columns: [table.grain, table.bucketStart, table.priority, table.userId] })],
)

/** Latency histograms (queue wait, time to first token) per grain, piece and priority; bins in latency-bins.ts. */
export const usageLatency = usersSchema.table(
  'usage_latency',
  {
    grain: grain(),
    bucketStart: bucketStart(),
    metric: text('metric', { enum: ['queue_wait', 'ttft'] }).notNull(),
    priority: integer('priority').notNull(),
    bin: integer('bin').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.grain, table.bucketStart, table.metric, table.priority, table.bin] }),
  ],
)

/** Requests refused before reaching a backend (they leave no usage record), counted per minute. */
export const refusalMinutes = usersSchema.table(
  'refusal_minutes',
  {
    bucketStart: bucketStart(),
    reason: text('reason').notNull(),
    priority: integer('priority').notNull(),
    status: integer('status').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.bucketStart, table.reason, table.priority, table.status] })],
)

export const ipAllowlistEntries = usersSchema.table('ip_allowlist_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  cidr: text('cidr').notNull().unique(),
  note: text('note').notNull().default(''),
  createdAt: createdAt(),
})

/** Key/value settings; the typed view and defaults are in settings-defaults.ts. */
export const settings = usersSchema.table('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
})

export const auditLog = usersSchema.table(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** The user an action concerns: the target user, or the owner of the key acted on. */
    subjectUserId: uuid('subject_user_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /** The changed fields before and after the action, secrets redacted. */
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    ip: text('ip'),
  },
  (table) => [
    index('audit_at').on(table.at),
    index('audit_action').on(table.action, table.at),
    index('audit_actor').on(table.actorUserId, table.at),
    index('audit_target').on(table.targetId, table.at),
    index('audit_subject').on(table.subjectUserId, table.at),
  ],
)

export const conversations = usersSchema.table(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    model: text('model').notNull(),
    systemPrompt: text('system_prompt').notNull().default(''),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('conversations_user').on(table.userId, table.updatedAt)],
)

export const messages = usersSchema.table(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['system', 'user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    images: text('images').array(),
    model: text('model'),
    /** 'complete', 'stopped' (the user pressed stop) or 'error'. */
    status: text('status').notNull().default('complete'),
    promptTokens: integer('prompt_tokens'),
    outputTokens: integer('output_tokens'),
    createdAt: createdAt(),
  },
  (table) => [index('messages_conversation').on(table.conversationId, table.createdAt)],
)

/** Alert rules (docs/monitoring.md, "Alerts and webhooks"); their firing state is held in memory. */
export const alertRules = usersSchema.table('alert_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  params: jsonb('params').$type<Record<string, unknown>>().notNull(),
  targetIds: uuid('target_ids').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  resolveAfterSeconds: integer('resolve_after_seconds').notNull(),
  cooldownSeconds: integer('cooldown_seconds').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export const alertTargets = usersSchema.table('alert_targets', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['generic', 'slack'] }).notNull(),
  url: text('url').notNull(),
  /** The HMAC signing secret, sealed with the instance secret (SecretBox); null for Slack targets. */
  secretSealed: text('secret_sealed'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

/** Every delivery attempt, trimmed to the newest 10,000 (alerts-repository.ts). */
export const alertDeliveries = usersSchema.table(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    deliveryId: text('delivery_id').notNull(),
    /** No foreign keys: the log outlives deleted rules and targets. */
    ruleId: uuid('rule_id'),
    ruleName: text('rule_name'),
    targetId: uuid('target_id'),
    targetName: text('target_name').notNull(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    attempt: integer('attempt').notNull(),
    result: text('result').notNull(),
    responseStatus: integer('response_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (table) => [
    index('alert_deliveries_target').on(table.targetId, table.id),
    index('alert_deliveries_rule').on(table.ruleId, table.id),
  ],
)
