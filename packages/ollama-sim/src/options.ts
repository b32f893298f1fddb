import { defaultModels, defaultRegistryExtras } from './models/default-models.ts'
import type { OllamaSimOptions, SimModel } from './types.ts'

export type ResolvedOptions = Required<Omit<OllamaSimOptions, 'models' | 'registry'>> & {
  models: SimModel[]
  registry: SimModel[]
}

export function resolveOptions(options: OllamaSimOptions): ResolvedOptions {
  const models = options.models ?? defaultModels
  const resolved: ResolvedOptions = {
    host: '127.0.0.1',
    port: 0,
    version: '0.33.0',
    numParallel: 1,
    maxQueue: 512,
    tokenIntervalMs: 25,
    loadDelayMs: 300,
    responseTokens: 24,
    pullChunkIntervalMs: 60,
    keepAliveMs: 5 * 60_000,
    openAiStreamFormat: 'current',
    requireHost: false,
    blobBytesPerSecond: 0,
    ...withoutUndefined(options),
    models,
    registry: [...models, ...defaultModels, ...defaultRegistryExtras, ...(options.registry ?? [])],
  }
  checkOptions(resolved)
  return resolved
}

const counts = ['numParallel', 'responseTokens'] as const
const durations = [
  'maxQueue',
  'tokenIntervalMs',
  'loadDelayMs',
  'pullChunkIntervalMs',
  'keepAliveMs',
  'blobBytesPerSecond',
] as const

/** Options also arrive as JSON (`PATCH /_sim/options`, CLI flags), so a bad value fails loudly here. */
export function checkOptions(options: Partial<ResolvedOptions>): void {
  for (const key of counts) {
    const value = options[key]
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new TypeError(`${key} must be an integer of at least 1, got ${String(value)}`)
    }
  }
  for (const key of durations) {
    const value = options[key]
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new TypeError(`${key} must be a number of at least 0, got ${String(value)}`)
    }
  }
  const format = options.openAiStreamFormat
  if (format !== undefined && format !== 'current' && format !== 'legacy') {
    throw new TypeError(`openAiStreamFormat must be "current" or "legacy", got ${String(format)}`)
  }
  if (options.models !== undefined && !Array.isArray(options.models))
    throw new TypeError('models must be an array')
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
