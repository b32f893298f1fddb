import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf, requireIdentity } from '@corral/core'
import {
  AvailableModels,
  Backend,
  CreateBackendRequest,
  IdParams,
  MyQueue,
  PromoteQueuedRequest,
  QueueCancelResult,
  QueuePromoteResult,
  QueueRequestParams,
  QueueSnapshot,
  UpdateBackendRequest,
} from '@corral/contracts'
import type { ProxyServices } from '../proxy-services.ts'

/** The queue and the backends, seen live; backends changed without restart. */
export const queueRoutes: FastifyPluginAsyncTypebox<{ services: ProxyServices }> = async (
  app,
  { services },
) => {
  const admin = { access: 'admin' as const }

  app.get(
    '/admin/queue',
    {
      config: admin,
      schema: {
        tags: ['admin: queue'],
        summary: 'Live queue: waiting by priority and user, running by backend',
        response: { 200: QueueSnapshot },
      },
    },
    async () => services.queueView.snapshot(),
  )

  app.post(
    '/admin/queue/:id/cancel',
    {
      config: admin,
      schema: {
        tags: ['admin: queue'],
        summary: 'Cancel a waiting request (it leaves the queue) or a running one (its upstream is aborted)',
        description:
          'Its client gets 503 CORRAL_ERR_CANCELLED (an error frame if its answer had started). 404 when the request has finished or never existed.',
        params: QueueRequestParams,
        response: { 200: QueueCancelResult },
      },
    },
    async (request) => services.queueActions.cancel(actorOf(request), request.params.id),
  )

  app.post(
    '/admin/queue/:id/promote',
    {
      config: admin,
      schema: {
        tags: ['admin: queue'],
        summary: "Set a waiting request's base priority, for this request only",
        description:
          '409 when it has already started on a backend, 404 when it has finished or never existed.',
        params: QueueRequestParams,
        body: PromoteQueuedRequest,
        response: { 200: QueuePromoteResult },
      },
    },
    async (request) =>
      services.queueActions.promote(actorOf(request), request.params.id, request.body.priority),
  )

  app.get(
    '/me/queue',
    {
      schema: {
        tags: ['me'],
        summary: 'Your requests waiting (with position and estimated wait) and running',
        response: { 200: MyQueue },
      },
    },
    async (request) => services.queueView.forUser(requireIdentity(request).userId),
  )

  app.get(
    '/models',
    {
      schema: {
        tags: ['me'],
        summary: 'Models you may use, across every backend',
        response: { 200: AvailableModels },
      },
    },
    async (request) => ({
      models: services.client.models(requireIdentity(request)).map((model) => ({
        name: model.name,
        family: model.family,
        parameter_size: model.parameterSize,
        capabilities: model.capabilities,
        loaded: model.loaded,
      })),
    }),
  )

  app.get(
    '/admin/backends',
    {
      config: admin,
      schema: {
        tags: ['admin: backends'],
        summary: 'Ollama backends with health, slots and models',
        response: { 200: Type.Object({ backends: Type.Array(Backend) }) },
      },
    },
    async () => ({
      backends: services.registry.list().map((backend) => services.queueView.presentBackend(backend)),
    }),
  )

  app.post(
    '/admin/backends',
    {
      config: admin,
      schema: {
        tags: ['admin: backends'],
        summary: 'Add a backend',
        body: CreateBackendRequest,
        response: { 201: Backend },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(services.queueView.presentBackend(await services.registry.add(actorOf(request), request.body))),
  )

  app.patch(
    '/admin/backends/:id',
    {
      config: admin,
      schema: {
        tags: ['admin: backends'],
        summary: 'Rename, resize (slots) or drain a backend',
        params: IdParams,
        body: UpdateBackendRequest,
        response: { 200: Backend },
      },
    },
    async (request) =>
      services.queueView.presentBackend(
        await services.registry.update(actorOf(request), request.params.id, request.body),
      ),
  )

  app.delete(
    '/admin/backends/:id',
    {
      config: admin,
      schema: {
        tags: ['admin: backends'],
        summary: 'Remove a backend (running requests finish)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await services.registry.remove(actorOf(request), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
