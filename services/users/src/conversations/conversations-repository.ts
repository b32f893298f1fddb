import { and, asc, desc, eq, exists, gt, ilike, or, sql } from 'drizzle-orm'
import type { Db } from '@corral/core'
import { conversations, messages } from '../schema.ts'

export type ConversationRow = typeof conversations.$inferSelect
export type MessageRow = typeof messages.$inferSelect

/** Every query is scoped by the owning user: a conversation id alone never opens anything. */
export class ConversationsRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof conversations.$inferInsert): Promise<ConversationRow> {
    const [row] = await this.db.insert(conversations).values(values).returning()
    return row!
  }

  async find(userId: string, id: string): Promise<ConversationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
    return row
  }

  list(userId: string, search: string | undefined, limit: number): Promise<ConversationRow[]> {
    const pattern = search ? `%${search.replace(/[\\%_]/g, '\\$&')}%` : undefined
    const matches = pattern
      ? or(
          ilike(conversations.title, pattern),
          exists(
            this.db
              .select({ one: messages.id })
              .from(messages)
              .where(and(eq(messages.conversationId, conversations.id), ilike(messages.content, pattern))),
          ),
        )
      : undefined
    return this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.userId, userId), matches))
      .orderBy(desc(conversations.updatedAt))
      .limit(limit)
  }

  async update(
    userId: string,
    id: string,
    values: Partial<typeof conversations.$inferInsert>,
  ): Promise<ConversationRow | undefined> {
    const [row] = await this.db
      .update(conversations)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning()
    return row
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)))
      .returning({ id: conversations.id })
    return rows.length > 0
  }

  messages(conversationId: string): Promise<MessageRow[]> {
    return this.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.createdAt), asc(messages.id))
  }

  async appendMessage(values: typeof messages.$inferInsert): Promise<MessageRow> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(messages).values(values).returning()
      await tx
        .update(conversations)
        .set({ updatedAt: new Date() })
        .where(eq(conversations.id, values.conversationId))
      return row!
    })
  }

  async deleteMessage(conversationId: string, messageId: string): Promise<void> {
    await this.db
      .delete(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
  }

  /** Edit and resend: new content for one message, and the messages after it are gone, atomically. */
  async rewriteFrom(conversationId: string, message: MessageRow, content: string): Promise<void> {
    // Compared in SQL: a JavaScript Date has milliseconds, PostgreSQL timestamps microseconds, so the
    // message's own time read back into JavaScript would make it "later than itself".
    const editedAt = this.db
      .select({ createdAt: messages.createdAt })
      .from(messages)
      .where(eq(messages.id, message.id))
    await this.db.transaction(async (tx) => {
      await tx.update(messages).set({ content }).where(eq(messages.id, message.id))
      await tx
        .delete(messages)
        .where(and(eq(messages.conversationId, conversationId), gt(messages.createdAt, sql`(${editedAt})`)))
    })
  }
}
