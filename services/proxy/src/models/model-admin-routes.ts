import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf } from '@corral/core'
import {
  AdminBackend,
  AdminBackendList,
  CopyModelRequest,
  DeleteModelRequest,
  FleetModels,
  IdParams,
  ModelActionResult,
  ModelPull,
  ModelPullList,
  StartModelPullRequest,
} from '@corral/contracts'
import type { ProxyServices } from '../proxy-services.ts'
import { presentBackendDetails } from './backend-details.ts'
import { fleetModels } from './fleet-models.ts'
import { BackendHealthHistory } from './health-history.ts'
import { ModelActions } from './model-actions.ts'
import { ModelPulls } from './model-pulls.ts'

/**
 * Backends in detail (health history, models, loaded models) and model management held by the server:
 * pulls with progress per backend, cancel, delete and copy. The rest of the backend routes (add, edit,
 * drain, remove) are in `routes/queue-routes.ts`.
 */
export const modelAdminRoutes: FastifyPluginAsyncTypebox<{ services: ProxyServices }> = async (
  app,
  { services },
) => {
  const config = { access: 'admin' as const }
  const backendsTags = ['admin: backends']
  const tags = ['admin: models']
  const history = new BackendHealthHistory(services.registry)
  const pulls = new ModelPulls(services.registry, services.users, app.log, services.pullEvents)
  const actions = new ModelActions(services.registry, services.users)
  app.addHook('onClose', async () => {
    pulls.close()
    history.close()
  })
  const details = (backendId: string) =>
    presentBackendDetails(services.registry.require(backendId), services.queueView, history)

  app.get(
    '/admin/backends/details',
    {
      config,
      schema: {
        tags: backendsTags,
        summary: 'Every backend with its health history and its models in detail',
        response: { 200: AdminBackendList },
      },
    },
    async () => ({ backends: services.registry.list().map((backend) => details(backend.id)) }),
  )

  app.get(
    '/admin/backends/:id',
    {
      config,
      schema: {
        tags: backendsTags,
        summary: 'One backend: health history (in memory), models, loaded models (size, VRAM, expiry)',
        params: IdParams,
        response: { 200: AdminBackend },
      },
    },
    async (request) => details(request.params.id),
  )

  app.get(
    '/admin/models',
    {
      config,
      schema: { tags, summary: 'Every model across the backends', response: { 200: FleetModels } },
    },
    async () => ({ models: fleetModels(services.registry) }),
  )

  app.post(
    '/admin/model-pulls',
    {
      config,
      schema: {
        tags,
        summary: 'Pull a model onto some or every healthy backend; the server holds the progress',
        body: StartModelPullRequest,
        response: { 202: ModelPull },
      },
    },
    async (request, reply) => {
      const job = await pulls.start(actorOf(request), {
        model: request.body.model,
        backendIds: request.body.backend_ids,
      })
      return reply.code(202).send(job.view())
    },
  )

  app.get(
    '/admin/model-pulls',
    { config, schema: { tags, summary: 'Running and recent pulls', response: { 200: ModelPullList } } },
    async () => ({ pulls: pulls.list().map((job) => job.view()) }),
  )

  app.get(
    '/admin/model-pulls/:id',
    { config, schema: { tags, summary: 'One pull', params: IdParams, response: { 200: ModelPull } } },
    async (request) => pulls.get(request.params.id).view(),
  )

  app.post(
    '/admin/model-pulls/:id/cancel',
    {
      config,
      schema: {
        tags,
        summary: 'Stop a pull on every backend still pulling',
        params: IdParams,
        response: { 200: ModelPull },
      },
    },
    async (request) => (await pulls.cancel(actorOf(request), request.params.id)).view(),
  )

  app.post(
    '/admin/models/delete',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a model on some or every healthy backend',
        body: DeleteModelRequest,
        response: { 200: ModelActionResult },
      },
    },
    async (request) => ({
      results: await actions.delete(actorOf(request), {
        model: request.body.model,
        backendIds: request.body.backend_ids,
      }),
    }),
  )

  app.post(
    '/admin/models/copy',
    {
      config,
      schema: {
        tags,
        summary: 'Copy a model under a new name on some or every healthy backend',
        body: CopyModelRequest,
        response: { 200: ModelActionResult },
      },
    },
    async (request) => ({
      results: await actions.copy(actorOf(request), {
        source: request.body.source,
        destination: request.body.destination,
        backendIds: request.body.backend_ids,
      }),
    }),
  )
}
