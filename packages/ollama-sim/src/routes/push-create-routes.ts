import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { parseModelName } from '../models/model-name.ts'
import { resolveSpec } from '../models/model-store.ts'
import { sha256Hex } from '../text/hash.ts'
import { layerProgress, sendProgress, type ProgressStep } from './progress-stream.ts'
import { modelLayers } from './pull-route.ts'

/** `POST /api/push` and `POST /api/create` status streams (reference §3.11, §3.12). */
export const pushCreateRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/push',
    errors: 'native',
    handler: async (exchange) => {
      const body = await readJsonObject(exchange.req, 'api.PushRequest', 'missing request body')
      const fields = new GoFields(body, 'PushRequest')
      const requested = fields.string('model') || fields.string('name')
      if (requested === '') throw new HttpError(400, 'model is required')
      const stream = fields.bool('stream') ?? true
      const model = exchange.ctx.store.get(requested)
      if (!model) {
        const path = (parseModelName(requested)?.full ?? requested).replace(':', '/')
        return sendProgress(exchange, stream, [
          { status: 'retrieving manifest' },
          { status: "couldn't retrieve manifest" },
          { error: `open /root/.ollama/models/manifests/${path}: no such file or directory` },
        ])
      }
      const layers = modelLayers(model.name.full, model.spec)
      await sendProgress(exchange, stream, [
        { status: 'retrieving manifest' },
        ...layers.flatMap((layer) => layerProgress('pushing', layer.hex, layer.size, 1)),
        { status: 'pushing manifest' },
        { status: 'success' },
      ])
    },
  },
  {
    method: 'POST',
    path: '/api/create',
    errors: 'native',
    handler: async (exchange) => {
      const { ctx } = exchange
      const body = await readJsonObject(exchange.req, 'api.CreateRequest', 'missing request body')
      const fields = new GoFields(body, 'CreateRequest')
      const name = parseModelName(fields.string('model') || fields.string('name'))
      if (!name) throw new HttpError(400, 'invalid model name')
      const stream = fields.bool('stream') ?? true
      const from = fields.string('from')
      const files = fields.object('files', 'map[string]string')
      const changes = ['system', 'template', 'license', 'parameters', 'messages'].filter(
        (key) => body[key] != null,
      )
      const newLayers: ProgressStep[] = changes.map((key) => ({
        status: `creating new layer sha256:${sha256Hex(`${name.full}:${key}:${JSON.stringify(body[key])}`)}`,
      }))
      let steps: ProgressStep[]
      if (from !== '') {
        const base = ctx.store.get(from)
        if (!base) {
          steps = [{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]
        } else {
          steps = [
            ...modelLayers(base.name.full, base.spec).map((layer) => ({
              status: `using existing layer sha256:${layer.hex}`,
            })),
            ...newLayers,
            { status: 'writing manifest' },
            () => ctx.store.add(name.display, base.spec),
            { status: 'success' },
          ]
        }
      } else if (files) {
        const digests = Object.values(files).map(String)
        const missing = digests.find((digest) => !ctx.blobs.has(digest.replace('-', ':')))
        steps = missing
          ? [
              {
                error: `open /root/.ollama/models/blobs/${missing.replace(':', '-')}: no such file or directory`,
              },
            ]
          : [
              { status: 'parsing GGUF' },
              ...digests.map((digest) => ({ status: `using existing layer ${digest.replace('-', ':')}` })),
              ...newLayers,
              { status: 'writing manifest' },
              () => ctx.store.add(name.display, resolveSpec({ name: name.display })),
              { status: 'success' },
            ]
      } else {
        steps = [{ error: "neither 'from' or 'files' was specified", status: 400 }]
      }
      await sendProgress(exchange, stream, steps)
    },
  },
]
