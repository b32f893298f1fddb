import type { SimModel } from '../types.ts'
import { parseModelName } from './model-name.ts'
import { resolveSpec, type ModelSpec } from './model-store.ts'

/** The simulated ollama.com library that `/api/pull` downloads from. */
export class ModelRegistry {
  private readonly models = new Map<string, ModelSpec>()

  constructor(models: SimModel[]) {
    for (const model of models) {
      const name = parseModelName(model.name)
      if (name) this.models.set(name.key, resolveSpec(model))
    }
  }

  /** Names containing `doesnotexist` never exist, so tests can count on a failing pull whatever the registry. */
  find(rawName: string): ModelSpec | undefined {
    if (rawName.toLowerCase().includes('doesnotexist')) return undefined
    const name = parseModelName(rawName)
    return name && this.models.get(name.key)
  }
}
