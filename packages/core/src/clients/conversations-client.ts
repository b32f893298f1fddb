import type { Message } from '@corral/contracts'

export interface StoredMessage {
  id: string
  role: 'system' | 'user' | 'assistant'
  content: string
  images: string[] | null
  model: string | null
  status: 'complete' | 'stopped' | 'error'
  promptTokens: number | null
  outputTokens: number | null
  createdAt: Date
}

export interface StoredConversation {
  id: string
  userId: string
  title: string
  model: string
  systemPrompt: string
  options: { temperature?: number; num_ctx?: number }
  createdAt: Date
  updatedAt: Date
}

/** Conversation storage as the chat WebSocket uses it; every call is scoped to its owner. */
export interface ConversationsClient {
  getConversation(
    userId: string,
    id: string,
  ): Promise<{ conversation: StoredConversation; messages: StoredMessage[] }>
  appendMessage(
    userId: string,
    conversationId: string,
    message: Omit<StoredMessage, 'id' | 'createdAt'>,
  ): Promise<StoredMessage>
  /** Removes a message that was stored for an answer that could not even start (refused by limits). */
  deleteMessage(userId: string, conversationId: string, messageId: string): Promise<void>
  /** Drops the last assistant message (regenerate); returns the remaining history. */
  dropLastAnswer(userId: string, conversationId: string): Promise<StoredMessage[]>
  /** Rewrites a user message and drops everything after it (edit and resend); returns the history. */
  editMessage(
    userId: string,
    conversationId: string,
    messageId: string,
    content: string,
  ): Promise<StoredMessage[]>
}

/** A stored message in the API's shape (the REST routes and the chat WebSocket both send it). */
export function presentMessage(message: StoredMessage): Message {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    images: message.images,
    model: message.model,
    status: message.status,
    prompt_tokens: message.promptTokens,
    output_tokens: message.outputTokens,
    created_at: message.createdAt.toISOString(),
  }
}
