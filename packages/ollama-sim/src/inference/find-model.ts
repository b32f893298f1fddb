import { HttpError } from '../http/http-error.ts'
import { parseModelName } from '../models/model-name.ts'
import type { StoredModel } from '../models/model-store.ts'
import type { SimContext } from '../sim-context.ts'

/** Each Ollama handler words "no model" and "unknown model" its own way (reference §5); callers pass theirs. */
export interface ModelErrors {
  missing: HttpError
  unknown: (requested: string) => HttpError
}

export function findModel(ctx: SimContext, requested: string, errors: ModelErrors): StoredModel {
  if (requested === '') throw errors.missing
  if (!parseModelName(requested)) throw new HttpError(400, 'invalid model name')
  const model = ctx.store.get(requested)
  if (!model) throw errors.unknown(requested)
  return model
}

export const chatModelErrors: ModelErrors = {
  missing: new HttpError(400, 'model is required'),
  unknown: (requested) => new HttpError(404, `model '${requested}' not found`),
}

export const generateModelErrors: ModelErrors = {
  missing: new HttpError(404, "model '' not found"),
  unknown: (requested) => new HttpError(404, `model '${requested}' not found`),
}

/** The scheduler's wording (`handleScheduleError`): double quotes and a hint. */
export const embedModelErrors: ModelErrors = {
  missing: new HttpError(404, "model '' not found"),
  unknown: (requested) =>
    new HttpError(404, `model ${JSON.stringify(requested)} not found, try pulling it first`),
}

export function hasCapability(model: StoredModel, capability: string): boolean {
  return model.spec.capabilities.includes(capability)
}

/**
 * Models with the capability think unless told not to; others refuse `think` (`ChatHandler`), unless
 * the request came through the Anthropic middleware, which relaxes it to "no thinking".
 */
export function thinkingEnabled(
  model: StoredModel,
  think: boolean | string | undefined,
  requested: string,
  relax = false,
): boolean {
  if (hasCapability(model, 'thinking')) return think !== false
  if (think !== undefined && think !== false && !relax) {
    throw new HttpError(400, `${JSON.stringify(requested)} does not support thinking`)
  }
  return false
}
