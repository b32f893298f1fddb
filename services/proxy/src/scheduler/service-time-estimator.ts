// Weight of the newest sample: the mean follows a change of model or load within ten or so requests.
const smoothing = 0.2
// Per-model means are only an estimate; cap them so requests naming random models cannot grow the map.
const maxModels = 256

/** Exponentially weighted moving averages of how long a request holds a slot, per model and overall. */
export class ServiceTimeEstimator {
  private overall: number | undefined
  private readonly byModel = new Map<string, number>()

  record(model: string, ms: number): void {
    this.overall = blend(this.overall, ms)
    const previous = this.byModel.get(model)
    if (previous === undefined && this.byModel.size >= maxModels) {
      this.byModel.delete(this.byModel.keys().next().value!)
    }
    this.byModel.set(model, blend(previous, ms))
  }

  /** The model's mean, else the overall mean, else undefined before anything finished. */
  mean(model?: string): number | undefined {
    return (model === undefined ? undefined : this.byModel.get(model)) ?? this.overall
  }
}

function blend(mean: number | undefined, sample: number): number {
  return mean === undefined ? sample : mean + smoothing * (sample - mean)
}

/**
 * Time until `dispatches` more requests can start, when `slots` slots each free up every `meanServiceMs`
 * on average: slots free at a combined rate of slots / meanServiceMs.
 */
export function estimateWaitMs(dispatches: number, slots: number, meanServiceMs: number): number {
  return (dispatches / Math.max(1, slots)) * meanServiceMs
}
