import { send } from '../http/responses.ts'
import type { Route } from '../http/router.ts'
import type { StoredModel } from '../models/model-store.ts'
import { goJson } from '../text/go-json.ts'
import { findForShow } from './model-list-routes.ts'

function modelObject(id: string, model: StoredModel): unknown {
  return { id, object: 'model', created: Math.floor(model.modifiedMs / 1000), owned_by: model.name.namespace }
}

/** `GET /v1/models` and `GET /v1/models/:model` (reference §4.4). */
export const openAiModelsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/models',
    errors: 'openai',
    handler: ({ ctx, res }) => {
      const models = ctx.store.list()
      // Go's nil slice: with no models `data` is null, not [].
      const data = models.length === 0 ? null : models.map((model) => modelObject(model.name.display, model))
      send(res, 200, 'application/json', goJson({ object: 'list', data }) + '\n')
    },
  },
  {
    method: 'GET',
    path: '/v1/models/:model',
    errors: 'openai',
    handler: ({ ctx, res, params }) => {
      const id = params.model! // the router binds every `:param` of the route's path
      send(res, 200, 'application/json', goJson(modelObject(id, findForShow(ctx, id))) + '\n')
    },
  },
]
