import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf, requireIdentity } from '@corral/core'
import {
  ApiKey,
  CreateApiKeyRequest,
  CreatedApiKey,
  CreateOllamaKeyRequest,
  IdParams,
  OllamaKey,
} from '@corral/contracts'
import type { UsersServices } from '../users-services.ts'
import { presentApiKey, presentOllamaKey } from '../presenters.ts'

/** A user's own API keys and Ollama CLI keys. Every query is scoped to the caller. */
export const meKeysRoutes: FastifyPluginAsyncTypebox<{ services: UsersServices }> = async (
  app,
  { services },
) => {
  const tags = ['me']
  // Managing credentials and conversations needs a browser session (docs/accounts.md).
  const config = { sessionOnly: true }

  app.post(
    '/me/keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API key (the key is shown once)',
        body: CreateApiKeyRequest,
        response: { 201: CreatedApiKey },
      },
    },
    async (request, reply) => {
      const identity = requireIdentity(request)
      const { key, secret } = await services.apiKeys.create(actorOf(request), identity.userId, request.body)
      const owner = await services.users.get(identity.userId)
      return reply.code(201).send({ ...presentApiKey(key, owner.groupPriority), key: secret })
    },
  )

  app.get(
    '/me/keys',
    {
      config,
      schema: {
        tags,
        summary: 'List your active API keys',
        response: { 200: Type.Object({ keys: Type.Array(ApiKey) }) },
      },
    },
    async (request) => {
      const identity = requireIdentity(request)
      const [keys, owner] = await Promise.all([
        services.apiKeys.list(identity.userId),
        services.users.get(identity.userId),
      ])
      return { keys: keys.map((key) => presentApiKey(key, owner.groupPriority)) }
    },
  )

  app.delete(
    '/me/keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke one of your API keys',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.apiKeys.revokeOwn(actorOf(request), requireIdentity(request).userId, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/me/ollama-keys',
    {
      config,
      schema: {
        tags,
        summary: 'Register the public half of ~/.ollama/id_ed25519 for the ollama CLI (OLLAMA_AUTH=1)',
        body: CreateOllamaKeyRequest,
        response: { 201: OllamaKey },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentOllamaKey(await services.ollamaKeys.register(actorOf(request), request.body))),
  )

  app.get(
    '/me/ollama-keys',
    {
      config,
      schema: {
        tags,
        summary: 'List your registered Ollama CLI keys',
        response: { 200: Type.Object({ keys: Type.Array(OllamaKey) }) },
      },
    },
    async (request) => ({
      keys: (await services.ollamaKeys.list(requireIdentity(request).userId)).map(presentOllamaKey),
    }),
  )

  app.delete(
    '/me/ollama-keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Remove a registered Ollama CLI key',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.ollamaKeys.remove(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
