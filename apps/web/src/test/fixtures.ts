import type { Message } from '@corral/contracts'
import type { ChatConversation } from '../features/chat/stream/chat-conversation.ts'

let counter = 0

export function message(overrides: Partial<Message> = {}): Message {
  counter += 1
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    role: 'user',
    content: `message ${counter}`,
    images: null,
    model: null,
    status: 'complete',
    prompt_tokens: null,
    output_tokens: null,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    ...overrides,
  }
}

export function conversation(overrides: Partial<ChatConversation> = {}): ChatConversation {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    title: 'A chat',
    model: 'llama3.2',
    system_prompt: '',
    options: {},
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    messages: [],
    live: null,
    failure: null,
    draft: null,
    ...overrides,
  }
}
