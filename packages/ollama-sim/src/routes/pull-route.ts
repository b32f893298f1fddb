import { GoFields } from '../http/go-fields.ts'
import { HttpError } from '../http/http-error.ts'
import { readJsonObject } from '../http/read-body.ts'
import type { Route } from '../http/router.ts'
import { parseModelName } from '../models/model-name.ts'
import type { ModelSpec } from '../models/model-store.ts'
import { sha256Hex } from '../text/hash.ts'
import { layerProgress, sendProgress, type ProgressStep } from './progress-stream.ts'

/** The small layers every model has next to its weights: template, license, params, config. */
const smallLayerSizes = [1429, 7711, 96, 561]

/** The layers of a model: derived from its name so every pull of it shows the same digests. */
export function modelLayers(fullName: string, spec: ModelSpec): { hex: string; size: number }[] {
  const small = smallLayerSizes.reduce((sum, size) => sum + size, 0)
  const sizes = [Math.max(1, spec.sizeBytes - small), ...smallLayerSizes]
  return sizes.map((size, i) => ({ hex: sha256Hex(`${fullName}#${i}`), size }))
}

/** `POST /api/pull` (reference §3.10); ollama-js sends `name`, the CLI `model`. */
export const pullRoute: Route = {
  method: 'POST',
  path: '/api/pull',
  errors: 'native',
  handler: async (exchange) => {
    const { ctx } = exchange
    const fields = new GoFields(
      await readJsonObject(exchange.req, 'api.PullRequest', 'missing request body'),
      'PullRequest',
    )
    const requested = fields.string('model') || fields.string('name')
    const name = parseModelName(requested)
    if (!name) throw new HttpError(400, 'invalid model name')
    const stream = fields.bool('stream') ?? true
    const spec = ctx.registry.find(requested)
    if (!spec) {
      const steps: ProgressStep[] = [
        { status: 'pulling manifest' },
        { error: 'pull model manifest: file does not exist' },
      ]
      return sendProgress(exchange, stream, steps)
    }
    const layers = modelLayers(name.full, spec)
    const steps: ProgressStep[] = [
      { status: 'pulling manifest' },
      ...layers.flatMap((layer, i) => layerProgress('pulling', layer.hex, layer.size, i === 0 ? 4 : 1)),
      { status: 'verifying sha256 digest' },
      { status: 'writing manifest' },
      () => ctx.store.add(name.display, spec),
      { status: 'removing unused layers' },
      { status: 'success' },
    ]
    await sendProgress(exchange, stream, steps)
  },
}
