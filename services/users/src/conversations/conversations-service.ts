import type { ConversationsClient, StoredConversation, StoredMessage } from '@corral/core'
import { Errors } from '@corral/core'
import type { CreateConversationRequest, UpdateConversationRequest } from '@corral/contracts'
import type { ConversationRow, ConversationsRepository, MessageRow } from './conversations-repository.ts'

const newChatTitle = 'New chat'
const titleLength = 60

export class ConversationsService implements ConversationsClient {
  constructor(private readonly repository: ConversationsRepository) {}

  async create(userId: string, input: CreateConversationRequest): Promise<StoredConversation> {
    return toConversation(
      await this.repository.insert({
        userId,
        title: input.title?.trim() || newChatTitle,
        model: input.model,
        systemPrompt: input.system_prompt ?? '',
        options: input.options ?? {},
      }),
    )
  }

  async list(userId: string, search: string | undefined, limit: number): Promise<StoredConversation[]> {
    return (await this.repository.list(userId, search?.trim() || undefined, limit)).map(toConversation)
  }

  async getConversation(userId: string, id: string) {
    const conversation = await this.require(userId, id)
    return {
      conversation: toConversation(conversation),
      messages: (await this.repository.messages(id)).map(toMessage),
    }
  }

  async update(userId: string, id: string, input: UpdateConversationRequest): Promise<StoredConversation> {
    const values: Partial<ConversationRow> = {}
    if (input.title !== undefined) values.title = input.title.trim() || newChatTitle
    if (input.model !== undefined) values.model = input.model
    if (input.system_prompt !== undefined) values.systemPrompt = input.system_prompt
    if (input.options !== undefined) values.options = input.options
    const row = await this.repository.update(userId, id, values)
    if (!row) throw new Errors.notFound('No such conversation')
    return toConversation(row)
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.repository.delete(userId, id))) throw new Errors.notFound('No such conversation')
  }

  async appendMessage(
    userId: string,
    conversationId: string,
    message: Omit<StoredMessage, 'id' | 'createdAt'>,
  ) {
    const conversation = await this.require(userId, conversationId)
    // The first question names the conversation until the user renames it.
    if (message.role === 'user' && conversation.title === newChatTitle) {
      await this.repository.update(userId, conversationId, { title: titleFrom(message.content) })
    }
    return toMessage(await this.repository.appendMessage({ conversationId, ...message }))
  }

  async deleteMessage(userId: string, conversationId: string, messageId: string): Promise<void> {
    await this.require(userId, conversationId)
    await this.repository.deleteMessage(conversationId, messageId)
  }

  async dropLastAnswer(userId: string, conversationId: string): Promise<StoredMessage[]> {
    await this.require(userId, conversationId)
    const history = await this.repository.messages(conversationId)
    const last = history.at(-1)
    if (!last || last.role !== 'assistant') {
      if (last?.role === 'user') return history.map(toMessage)
      throw new Errors.badRequest('There is no answer to regenerate')
    }
    await this.repository.deleteMessage(conversationId, last.id)
    return history.slice(0, -1).map(toMessage)
  }

  async editMessage(
    userId: string,
    conversationId: string,
    messageId: string,
    content: string,
  ): Promise<StoredMessage[]> {
    await this.require(userId, conversationId)
    const history = await this.repository.messages(conversationId)
    const index = history.findIndex((message) => message.id === messageId)
    const message = history[index]
    if (!message || message.role !== 'user')
      throw new Errors.notFound('No such user message in this conversation')
    await this.repository.rewriteFrom(conversationId, message, content)
    return [...history.slice(0, index), { ...message, content }].map(toMessage)
  }

  private async require(userId: string, id: string): Promise<ConversationRow> {
    const conversation = await this.repository.find(userId, id)
    if (!conversation) throw new Errors.notFound('No such conversation')
    return conversation
  }
}

function titleFrom(content: string): string {
  const line = content.trim().split('\n')[0] ?? ''
  return line.length > titleLength ? `${line.slice(0, titleLength - 1)}…` : line || newChatTitle
}

function toConversation(row: ConversationRow): StoredConversation {
  return {
    id: row.id,
    userId: row.userId,
    title: row.title,
    model: row.model,
    systemPrompt: row.systemPrompt,
    options: row.options,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    images: row.images,
    model: row.model,
    status: row.status as StoredMessage['status'],
    promptTokens: row.promptTokens,
    outputTokens: row.outputTokens,
    createdAt: row.createdAt,
  }
}
