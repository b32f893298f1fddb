import { integer, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Everything the proxy service owns lives in the `proxy` schema (one schema per service). */
export const proxySchema = pgSchema('proxy')

/** Ollama backends. Those from CORRAL_OLLAMA_URLS are upserted at start; more come from the admin API. */
export const backends = proxySchema.table('backends', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull().unique(),
  name: text('name').notNull(),
  slots: integer('slots').notNull().default(1),
  /** 'active' or 'draining' (finishes running requests, takes no new ones). */
  state: text('state', { enum: ['active', 'draining'] })
    .notNull()
    .default('active'),
  source: text('source', { enum: ['env', 'admin'] })
    .notNull()
    .default('admin'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
