import { FakeClock } from '../../../src/scheduler/fake-clock.ts'
import { Scheduler } from '../../../src/scheduler/scheduler.ts'
import type {
  BackendState,
  EnqueueRequest,
  EnqueueResult,
  Lease,
  SchedulerSettings,
  Ticket,
  TokenUsage,
} from '../../../src/scheduler/types.ts'

export function backend(id: string, overrides: Partial<BackendState> = {}): BackendState {
  return { id, slots: 1, healthy: true, draining: false, models: null, loadedModels: new Set(), ...overrides }
}

export const defaultSettings = { maxQueueLength: 100_000, maxQueuePerUser: 100_000, maxWaitMs: Infinity }

/** A scheduler on a fake clock that records what happens to each request, by id. */
export class SchedulerHarness {
  readonly clock = new FakeClock()
  readonly scheduler: Scheduler
  readonly leases = new Map<string, Lease>()
  readonly tickets = new Map<string, Ticket>()
  /** Request ids in dispatch order (a requeued request appears again). */
  readonly dispatched: string[] = []
  readonly timedOut: string[] = []
  /** Called after the harness has recorded a dispatch, from inside `onDispatch`. */
  onDispatch: (lease: Lease) => void = () => {}

  constructor(
    settings: SchedulerSettings = {},
    backends: BackendState[] = [backend('b1')],
    mayDispatch?: () => boolean,
  ) {
    this.scheduler = new Scheduler({ clock: this.clock, ...defaultSettings, ...settings, mayDispatch })
    for (const state of backends) this.scheduler.setBackend(state)
  }

  enqueue(id: string, overrides: Partial<EnqueueRequest> = {}): EnqueueResult {
    const request = {
      id,
      userId: 'alice',
      keyId: null,
      model: 'llama3',
      priority: 5,
      weight: 1,
      estimatedPromptTokens: 10,
    }
    const result = this.scheduler.enqueue(
      { ...request, ...overrides },
      {
        onDispatch: (lease) => {
          this.leases.set(id, lease)
          this.dispatched.push(id)
          this.onDispatch(lease)
        },
        onTimeout: () => this.timedOut.push(id),
      },
    )
    if (result.ok) this.tickets.set(id, result.ticket)
    return result
  }

  /** Enqueues and fails the test if the request was refused. */
  add(id: string, overrides: Partial<EnqueueRequest> = {}): Ticket {
    const result = this.enqueue(id, overrides)
    if (!result.ok) throw new Error(`${id} was refused: ${result.reason}`)
    return result.ticket
  }

  lease(id: string): Lease {
    const lease = this.leases.get(id)
    if (!lease) throw new Error(`${id} was never dispatched`)
    return lease
  }

  complete(id: string, usage: TokenUsage = { promptTokens: 10, outputTokens: 10 }): void {
    this.lease(id).complete(usage)
  }

  /** Ids of waiting requests in expected dispatch order. */
  waitingOrder(): string[] {
    return this.scheduler.snapshot().waiting.map((entry) => entry.id)
  }

  counter(userId: string): number | undefined {
    return this.scheduler.snapshot().users.find((user) => user.userId === userId)?.counter
  }
}
