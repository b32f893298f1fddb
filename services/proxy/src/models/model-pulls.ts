import { randomUUID } from 'node:crypto'
import type { Actor, UsersClient } from '@corral/core'
import { Errors, normalizeModelName } from '@corral/core'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { PullEvents } from '../events/pull-events.ts'
import { LineBuffer } from '../streams/frame-buffer.ts'
import { chooseBackends } from './choose-backends.ts'
import { BackendPull, PullJob, type ProgressLine } from './pull-job.ts'

/** Finished pulls stay visible this long, and no more than this many of them. */
const keepFinishedMs = 3600_000
const keepFinished = 50

/**
 * Model pulls the server runs and holds: progress per backend is kept here, so a page reload or a
 * second admin sees the same pull, and a cancel stops it on every backend. Each backend pulls on its
 * own connection, in parallel.
 */
export class ModelPulls {
  private readonly jobs = new Map<string, PullJob>()

  constructor(
    private readonly registry: BackendRegistry,
    private readonly users: UsersClient,
    private readonly logger: { warn(details: object, message: string): void },
    private readonly events: PullEvents,
  ) {}

  async start(actor: Actor, input: { model: string; backendIds?: string[] }): Promise<PullJob> {
    const model = normalizeModelName(input.model.trim())
    if (!model) throw new Errors.validation('Name the model to pull, e.g. llama3.2')
    const targets = chooseBackends(this.registry, input.backendIds)
    const busy = targets.filter((backend) => this.running(model, backend.id))
    if (busy.length > 0)
      throw new Errors.conflict(
        `${model} is already being pulled onto ${busy.map((b) => b.row.name).join(', ')}`,
      )
    this.prune()
    const job = new PullJob(
      randomUUID(),
      model,
      actor.username,
      targets.map((backend) => new BackendPull(backend)),
    )
    this.jobs.set(job.id, job)
    await this.users.audit({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action: 'model.pull',
      targetType: 'model',
      targetId: model,
      details: { pull_id: job.id, backends: targets.map((backend) => backend.row.name) },
      before: null,
      after: { model, backends: targets.map((backend) => backend.id) },
      ip: actor.ip,
    })
    void Promise.all(job.parts.map((part) => this.pull(job, part))).then(() => {
      job.finishedAt = new Date()
    })
    return job
  }

  list(): PullJob[] {
    this.prune()
    return [...this.jobs.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
  }

  get(id: string): PullJob {
    const job = this.jobs.get(id)
    if (!job) throw new Errors.notFound('No such pull (finished pulls are kept for an hour)')
    return job
  }

  async cancel(actor: Actor, id: string): Promise<PullJob> {
    const job = this.get(id)
    if (job.finishedAt) return job
    for (const part of job.parts) if (!part.done) part.finish('cancelled')
    job.abort.abort()
    await this.users.audit({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action: 'model.pull_cancel',
      targetType: 'model',
      targetId: job.model,
      details: { pull_id: job.id },
      before: { status: 'running' },
      after: { status: 'cancelled' },
      ip: actor.ip,
    })
    return job
  }

  /** Stops every running pull (the server is shutting down). */
  close(): void {
    for (const job of this.jobs.values()) {
      for (const part of job.parts) if (!part.done) part.finish('cancelled', 'The server shut down')
      job.abort.abort()
    }
  }

  private running(model: string, backendId: string): boolean {
    return [...this.jobs.values()].some(
      (job) => job.model === model && job.parts.some((part) => part.backend.id === backendId && !part.done),
    )
  }

  private async pull(job: PullJob, part: BackendPull): Promise<void> {
    try {
      const response = await part.backend.pool.request({
        method: 'POST',
        path: `${part.backend.pathPrefix}/api/pull`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: job.model, stream: true }),
        signal: job.abort.signal,
      })
      if (response.statusCode >= 400) {
        const text = await response.body.text()
        return part.finish('failed', errorText(text) ?? `The backend answered ${response.statusCode}`)
      }
      const lines = new LineBuffer()
      const onLine = (line: Buffer) => {
        const parsed = parseLine(line)
        if (!parsed) return
        part.apply(parsed)
        this.events.progress(job.model, part)
      }
      for await (const chunk of response.body as AsyncIterable<Buffer>) lines.push(chunk, onLine)
      const rest = lines.take()
      if (rest) onLine(rest)
      if (!part.done) part.finish('failed', 'The backend ended the pull without success')
    } catch (error) {
      if (!part.done) part.finish('failed', (error as Error).message)
    } finally {
      this.events.finished(job.model, part)
      if (part.status === 'succeeded') await this.refresh(part.backend)
    }
  }

  /** The backend's model list changed: re-read it now instead of at the next health check. */
  private async refresh(backend: Backend): Promise<void> {
    await this.registry.refresh(backend).catch((error: unknown) => {
      this.logger.warn({ err: error, backend: backend.row.url }, 'refreshing models after a pull failed')
    })
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => job.finishedAt)
    const cutoff = Date.now() - keepFinishedMs
    finished
      .sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime())
      .forEach((job, index) => {
        if (index >= keepFinished || job.finishedAt!.getTime() < cutoff) this.jobs.delete(job.id)
      })
  }
}

function parseLine(line: Buffer): ProgressLine | undefined {
  try {
    const parsed: unknown = JSON.parse(line.toString('utf8'))
    return parsed && typeof parsed === 'object' ? parsed : undefined
  } catch {
    return undefined
  }
}

function errorText(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown }
    return typeof parsed.error === 'string' ? parsed.error : undefined
  } catch {
    return body.trim() || undefined
  }
}
