import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import { sendEmpty } from '../http/responses.ts'
import type { Route } from '../http/router.ts'
import { parseModelName } from '../models/model-name.ts'

/** `POST /api/copy` and `DELETE /api/delete` (with a JSON body): 200 and an empty body on success. */
export const copyDeleteRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/copy',
    errors: 'native',
    handler: async ({ ctx, req, res }) => {
      const fields = new GoFields(
        await readJsonObject(req, 'api.CopyRequest', 'missing request body'),
        'CopyRequest',
      )
      const source = fields.string('source')
      const destination = fields.string('destination')
      if (!parseModelName(source)) throw new HttpError(400, `source ${JSON.stringify(source)} is invalid`)
      if (!parseModelName(destination))
        throw new HttpError(400, `destination ${JSON.stringify(destination)} is invalid`)
      const model = ctx.store.get(source)
      if (!model) throw new HttpError(404, `model ${JSON.stringify(source)} not found`)
      ctx.store.add(destination, model.spec, model.digest)
      sendEmpty(res, 200)
    },
  },
  {
    method: 'DELETE',
    path: '/api/delete',
    errors: 'native',
    handler: async ({ ctx, req, res }) => {
      const fields = new GoFields(
        await readJsonObject(req, 'api.DeleteRequest', 'missing request body'),
        'DeleteRequest',
      )
      const requested = fields.string('model') || fields.string('name')
      if (!parseModelName(requested)) throw new HttpError(400, `name ${JSON.stringify(requested)} is invalid`)
      const model = ctx.store.get(requested)
      if (!model) throw new HttpError(404, `model '${requested}' not found`)
      ctx.store.delete(model)
      ctx.loaded.unload(model)
      sendEmpty(res, 200)
    },
  },
]
