import type { Actor, UsersClient } from '@corral/core'
import { normalizeModelName } from '@corral/core'
import type { ModelActionResult } from '@corral/contracts'
import type { Backend } from '../backends/backend.ts'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import { upstreamJson } from '../backends/upstream-json.ts'
import { chooseBackends } from './choose-backends.ts'

type Result = ModelActionResult['results'][number]

/** Deleting and copying a model on chosen backends: each answers for itself, one audit record in all. */
export class ModelActions {
  constructor(
    private readonly registry: BackendRegistry,
    private readonly users: UsersClient,
  ) {}

  async delete(actor: Actor, input: { model: string; backendIds?: string[] }): Promise<Result[]> {
    const model = normalizeModelName(input.model.trim())
    const results = await this.onEach(chooseBackends(this.registry, input.backendIds), (backend) =>
      upstreamJson(backend, 'DELETE', '/api/delete', { body: { model }, timeoutMs: 60_000 }),
    )
    await this.audit(actor, 'model.delete', model, results, { before: { model }, after: null })
    return results
  }

  async copy(
    actor: Actor,
    input: { source: string; destination: string; backendIds?: string[] },
  ): Promise<Result[]> {
    const source = normalizeModelName(input.source.trim())
    const destination = normalizeModelName(input.destination.trim())
    const results = await this.onEach(chooseBackends(this.registry, input.backendIds), (backend) =>
      upstreamJson(backend, 'POST', '/api/copy', { body: { source, destination }, timeoutMs: 60_000 }),
    )
    await this.audit(actor, 'model.copy', destination, results, {
      before: null,
      after: { source, destination },
    })
    return results
  }

  private async onEach(
    backends: Backend[],
    call: (backend: Backend) => Promise<{ status: number; body: unknown; text: string }>,
  ): Promise<Result[]> {
    return Promise.all(
      backends.map(async (backend): Promise<Result> => {
        const base = { backend_id: backend.id, backend_name: backend.row.name }
        try {
          const answer = await call(backend)
          const ok = answer.status < 300
          if (ok) await this.registry.refresh(backend)
          return { ...base, ok, status: answer.status, error: ok ? null : errorOf(answer.body, answer.text) }
        } catch (error) {
          return { ...base, ok: false, status: 0, error: (error as Error).message }
        }
      }),
    )
  }

  private audit(
    actor: Actor,
    action: string,
    model: string,
    results: Result[],
    change: { before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  ) {
    return this.users.audit({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action,
      targetType: 'model',
      targetId: model,
      details: { backends: results.map((result) => ({ name: result.backend_name, ok: result.ok })) },
      ...change,
      ip: actor.ip,
    })
  }
}

function errorOf(body: unknown, text: string): string {
  const error = (body as { error?: unknown } | undefined)?.error
  return typeof error === 'string' ? error : text.trim() || 'The backend refused'
}
