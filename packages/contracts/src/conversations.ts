import { Type, type Static } from 'typebox'
import { Timestamp, Uuid } from './common.ts'

export const ChatOptions = Type.Object({
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
  num_ctx: Type.Optional(Type.Integer({ minimum: 256, maximum: 1_048_576, description: 'Context length' })),
})
export type ChatOptions = Static<typeof ChatOptions>

export const Message = Type.Object({
  id: Uuid,
  role: Type.Union([Type.Literal('system'), Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.String(),
  images: Type.Union([Type.Array(Type.String()), Type.Null()]),
  model: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('complete'), Type.Literal('stopped'), Type.Literal('error')]),
  prompt_tokens: Type.Union([Type.Integer(), Type.Null()]),
  output_tokens: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Timestamp,
})
export type Message = Static<typeof Message>

export const ConversationSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  model: Type.String(),
  updated_at: Timestamp,
  created_at: Timestamp,
})
export type ConversationSummary = Static<typeof ConversationSummary>

export const Conversation = Type.Intersect([
  ConversationSummary,
  Type.Object({ system_prompt: Type.String(), options: ChatOptions, messages: Type.Array(Message) }),
])
export type Conversation = Static<typeof Conversation>

export const CreateConversationRequest = Type.Object({
  model: Type.String({ minLength: 1, maxLength: 200 }),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  system_prompt: Type.Optional(Type.String({ maxLength: 20_000 })),
  options: Type.Optional(ChatOptions),
})
export type CreateConversationRequest = Static<typeof CreateConversationRequest>
export const UpdateConversationRequest = Type.Partial(CreateConversationRequest)
export type UpdateConversationRequest = Static<typeof UpdateConversationRequest>
export const ListConversationsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Search titles and message text' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 100 }),
})
export type ListConversationsQuery = Static<typeof ListConversationsQuery>
export const ConversationList = Type.Object({ conversations: Type.Array(ConversationSummary) })
