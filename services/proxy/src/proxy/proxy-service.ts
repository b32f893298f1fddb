import { normalizeModelName } from '@corral/core'
import type { BackendRegistry } from '../backends/backend-registry.ts'
import type { Backend } from '../backends/backend.ts'
import type { BodyBudget } from './body-budget.ts'
import type { Catalog } from './catalog.ts'
import { parseJsonBody, readBody } from './client-body.ts'
import { classifyEndpoint } from './endpoints.ts'
import { forward } from './forward.ts'
import type { InferenceHandler } from './inference-handler.ts'
import type { ModelManagement } from './model-management.ts'
import type { ProxyCall, ProxyResult } from './proxy-call.ts'

/**
 * The Ollama and OpenAI-compatible APIs behind the gateway: each call is routed by what it is (see
 * endpoints.ts). Errors before the answer starts are thrown, so the one error handler gives them the
 * right shape; the answer itself is streamed by the HTTP layer through `ProxyResult.pipeTo`.
 */
export class ProxyService {
  constructor(
    private readonly registry: BackendRegistry,
    private readonly inference: InferenceHandler,
    private readonly catalog: Catalog,
    private readonly management: ModelManagement,
    private readonly budget: BodyBudget,
  ) {}

  /** A body read into memory counts against the body budget until its request starts or ends. */
  async open(request: ProxyCall): Promise<ProxyResult> {
    const hold = this.budget.hold(request.identity.userId)
    try {
      return await this.route({ ...request, hold })
    } finally {
      hold.release()
    }
  }

  private async route(call: ProxyCall): Promise<ProxyResult> {
    const endpoint = classifyEndpoint(call.method, call.path)
    switch (endpoint.kind) {
      case 'inference':
        return this.inference.open(call, endpoint, (passCall, body) => this.toAnyBackend(passCall, body))
      case 'management':
        return this.management.open(call)
      case 'catalog':
        return this.catalog.answer(call.method, call.path, call.identity)
      case 'metadata':
        return this.metadata(call)
      case 'account':
        return this.management.openAccount(call)
      case 'passthrough':
        return this.toAnyBackend(
          call,
          call.method === 'GET' || call.method === 'HEAD' ? undefined : await readBody(call.body, call.hold),
        )
    }
  }

  /** `/api/show` goes to a backend that has the model, so its 404 means "not on any backend". */
  private async metadata(call: ProxyCall): Promise<ProxyResult> {
    const bytes = await readBody(call.body, call.hold)
    const { model } = parseJsonBody(bytes)
    const candidates = model ? this.registry.forModel(normalizeModelName(model)) : this.registry.healthy()
    return forward(this.first(candidates), call, bytes)
  }

  private toAnyBackend(call: ProxyCall, body: Buffer | undefined): Promise<ProxyResult> {
    return forward(this.first(this.registry.healthy()), call, body)
  }

  private first(backends: Backend[]): Backend {
    const backend = backends.find((candidate) => !candidate.draining) ?? backends[0]
    if (!backend) throw this.registry.noBackendError()
    return backend
  }
}
