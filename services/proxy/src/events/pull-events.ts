import type { EventBus } from '@corral/core'
import type { BackendPull } from '../models/pull-job.ts'

/** Ollama sends a progress line per chunk of every layer, hundreds a second: at most this often per pull. */
const progressIntervalMs = 250

/**
 * `model.pull` on the system event stream: one backend's progress, throttled, and always its final
 * status (success, error or cancelled), so a progress bar never stays at 97 %.
 */
export class PullEvents {
  private readonly lastSent = new WeakMap<BackendPull, number>()

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  progress(model: string, part: BackendPull): void {
    if (part.done) return
    const now = this.now()
    const last = this.lastSent.get(part)
    if (last !== undefined && now - last < progressIntervalMs) return
    this.lastSent.set(part, now)
    this.publish(model, part, part.message || 'pulling')
  }

  finished(model: string, part: BackendPull): void {
    this.lastSent.delete(part)
    const status = part.status === 'succeeded' ? 'success' : part.status === 'failed' ? 'error' : part.status
    this.publish(model, part, status)
  }

  private publish(model: string, part: BackendPull, status: string): void {
    const view = part.view()
    this.bus.publish({
      type: 'model.pull',
      backend_id: part.backend.id,
      name: part.backend.row.name,
      model,
      status,
      completed: view.total > 0 ? view.completed : null,
      total: view.total > 0 ? view.total : null,
      error: part.error,
    })
  }
}
