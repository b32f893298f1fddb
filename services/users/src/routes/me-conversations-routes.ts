import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { StoredConversation, StoredMessage } from '@corral/core'
import { presentMessage, requireIdentity } from '@corral/core'
import {
  Conversation,
  ConversationList,
  ConversationSummary,
  CreateConversationRequest,
  IdParams,
  ListConversationsQuery,
  UpdateConversationRequest,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'

/** Chat conversations stored on the server, always scoped to their owner. */
export const meConversationsRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const tags = ['conversations']
  // Managing credentials and conversations needs a browser session (docs/accounts.md).
  const config = { sessionOnly: true }
  const conversations = services.conversations

  app.get(
    '/me/conversations',
    {
      config,
      schema: {
        tags,
        summary: 'List or search your conversations',
        querystring: ListConversationsQuery,
        response: { 200: ConversationList },
      },
    },
    async (request) => ({
      conversations: (
        await conversations.list(requireIdentity(request).userId, request.query.q, request.query.limit)
      ).map(presentSummary),
    }),
  )

  app.post(
    '/me/conversations',
    {
      config,
      schema: {
        tags,
        summary: 'Start a conversation',
        body: CreateConversationRequest,
        response: { 201: Conversation },
      },
    },
    async (request, reply) => {
      const conversation = await conversations.create(requireIdentity(request).userId, request.body)
      return reply.code(201).send(presentConversation(conversation, []))
    },
  )

  app.get(
    '/me/conversations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A conversation with its messages',
        params: IdParams,
        response: { 200: Conversation },
      },
    },
    async (request) => {
      const { conversation, messages } = await conversations.getConversation(
        requireIdentity(request).userId,
        request.params.id,
      )
      return presentConversation(conversation, messages)
    },
  )

  app.patch(
    '/me/conversations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename, or change model, system prompt or options',
        params: IdParams,
        body: UpdateConversationRequest,
        response: { 200: ConversationSummary },
      },
    },
    async (request) =>
      presentSummary(
        await conversations.update(requireIdentity(request).userId, request.params.id, request.body),
      ),
  )

  app.delete(
    '/me/conversations/:id',
    {
      config,
      schema: { tags, summary: 'Delete a conversation', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await conversations.delete(requireIdentity(request).userId, request.params.id)
      return reply.code(204).send(null)
    },
  )
}

function presentSummary(conversation: StoredConversation) {
  return {
    id: conversation.id,
    title: conversation.title,
    model: conversation.model,
    created_at: conversation.createdAt.toISOString(),
    updated_at: conversation.updatedAt.toISOString(),
  }
}

function presentConversation(conversation: StoredConversation, messages: StoredMessage[]) {
  return {
    ...presentSummary(conversation),
    system_prompt: conversation.systemPrompt,
    options: conversation.options,
    messages: messages.map(presentMessage),
  }
}
