import { EventEmitter } from 'node:events'
import { FaultQueue } from './faults.ts'
import { LoadedModels } from './models/loaded-models.ts'
import { ModelRegistry } from './models/model-registry.ts'
import { ModelStore } from './models/model-store.ts'
import { checkOptions, type ResolvedOptions } from './options.ts'
import { Scheduler } from './scheduling/scheduler.ts'
import { createStats } from './stats.ts'
import type { OllamaSimOptions, SimStats } from './types.ts'

/** Everything the handlers share: one per simulator. */
export interface SimContext {
  options: ResolvedOptions
  store: ModelStore
  registry: ModelRegistry
  loaded: LoadedModels
  scheduler: Scheduler
  faults: FaultQueue
  stats: SimStats
  events: EventEmitter
  /** Uploaded blobs by digest (`sha256:<hex>`), with their size. */
  blobs: Map<string, number>
  /** Ollama checks `Host` only when it listens on a loopback address. */
  listensOnLoopback: boolean
  nextRequestId: number
}

export function createContext(options: ResolvedOptions): SimContext {
  return {
    options,
    store: new ModelStore(options.models),
    registry: new ModelRegistry(options.registry),
    loaded: new LoadedModels(
      () => options.loadDelayMs,
      () => options.keepAliveMs,
    ),
    scheduler: new Scheduler(
      () => options.numParallel,
      () => options.maxQueue,
    ),
    faults: new FaultQueue(),
    stats: createStats(),
    events: new EventEmitter(),
    blobs: new Map(),
    listensOnLoopback: true,
    nextRequestId: 0,
  }
}

/** Changes options on a running simulator; `host` and `port` are fixed once it listens. */
export function applyOptions(ctx: SimContext, patch: Partial<OllamaSimOptions>): void {
  if (patch.host !== undefined || patch.port !== undefined) {
    throw new TypeError('host and port cannot change while the simulator runs')
  }
  checkOptions(patch)
  const { models, registry, ...rest } = patch
  Object.assign(ctx.options, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)))
  if (models) {
    ctx.options.models = models
    ctx.store.replaceAll(models)
  }
  if (registry) ctx.registry = new ModelRegistry([...ctx.options.registry, ...registry])
  if (patch.numParallel !== undefined) ctx.scheduler.setParallel(patch.numParallel)
}
