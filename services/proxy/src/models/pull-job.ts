import type { ModelPull, PullProgress, PullStatus } from '@corral/contracts'
import type { Backend } from '../backends/backend.ts'

/** One line of Ollama's pull progress (`api.ProgressResponse`), or its error line. */
export interface ProgressLine {
  status?: string
  digest?: string
  total?: number
  completed?: number
  error?: string
}

/** One backend's part of a pull: Ollama reports per layer (digest), Corral sums the layers seen. */
export class BackendPull {
  status: PullStatus = 'queued'
  message = ''
  error: string | null = null
  finishedAt: Date | null = null
  private readonly layers = new Map<string, { total: number; completed: number }>()

  constructor(readonly backend: Backend) {}

  apply(line: ProgressLine): void {
    if (line.error) return this.finish('failed', line.error)
    this.status = 'running'
    if (line.status) this.message = line.status
    if (line.digest && typeof line.total === 'number') {
      this.layers.set(line.digest, { total: line.total, completed: line.completed ?? 0 })
    }
    if (line.status === 'success') this.finish('succeeded')
  }

  finish(status: PullStatus, error: string | null = null): void {
    if (this.finishedAt) return
    this.status = status
    this.error = error
    this.finishedAt = new Date()
  }

  get done(): boolean {
    return this.finishedAt !== null
  }

  view(): PullProgress {
    let total = 0
    let completed = 0
    for (const layer of this.layers.values()) {
      total += layer.total
      completed += Math.min(layer.completed, layer.total)
    }
    const percent =
      this.status === 'succeeded' ? 100 : total > 0 ? Math.round((completed / total) * 1000) / 10 : null
    return {
      backend_id: this.backend.id,
      backend_name: this.backend.row.name,
      status: this.status,
      message: this.message,
      completed,
      total,
      percent,
      error: this.error,
      finished_at: this.finishedAt?.toISOString() ?? null,
    }
  }
}

/** A pull of one model onto one or several backends, held by the server until it is forgotten. */
export class PullJob {
  readonly startedAt = new Date()
  readonly abort = new AbortController()
  finishedAt: Date | null = null

  constructor(
    readonly id: string,
    readonly model: string,
    readonly startedBy: string | null,
    readonly parts: BackendPull[],
  ) {}

  /** Running while any backend is; then failed if any failed, cancelled if cancelled, else succeeded. */
  get status(): PullStatus {
    const statuses = this.parts.map((part) => part.status)
    if (statuses.some((status) => status === 'running' || status === 'queued')) {
      return statuses.includes('running') ? 'running' : 'queued'
    }
    if (statuses.includes('failed')) return 'failed'
    if (statuses.includes('cancelled')) return 'cancelled'
    return 'succeeded'
  }

  view(): ModelPull {
    return {
      id: this.id,
      model: this.model,
      status: this.status,
      started_at: this.startedAt.toISOString(),
      started_by: this.startedBy,
      finished_at: this.finishedAt?.toISOString() ?? null,
      backends: this.parts.map((part) => part.view()),
    }
  }
}
