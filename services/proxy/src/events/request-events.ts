import type { EventBus, Identity } from '@corral/core'

/** Who asked for what: enough to name a request on a screen without a lookup. */
export interface RequestSubject {
  requestId: string
  identity: Identity
  model: string
}

export interface FinishedFigures {
  backendId: string | null
  status: number
  promptTokens: number
  outputTokens: number
  queueWaitMs: number
  timeToFirstTokenMs: number | null
  durationMs: number
  error: string | null
}

/**
 * The proxy's request events on the system event stream (docs/monitoring.md#the-event-stream). Called
 * on the request path, so each call builds the one event object and hands it to the bus synchronously:
 * nothing is awaited, nothing else is allocated. The requester's fields are written out in each method on
 * purpose: building them in a helper and spreading them in would allocate a second object per event.
 */
export class RequestEvents {
  constructor(private readonly bus: EventBus) {}

  queued(subject: RequestSubject): void {
    const { identity } = subject
    this.bus.publish({
      type: 'request.queued',
      request_id: subject.requestId,
      user_id: identity.userId,
      username: identity.username,
      key_id: identity.keyId,
      group_id: identity.groupId,
      model: subject.model,
      priority: identity.priority,
    })
  }

  started(subject: RequestSubject, backendId: string, queueWaitMs: number): void {
    const { identity } = subject
    this.bus.publish({
      type: 'request.started',
      request_id: subject.requestId,
      user_id: identity.userId,
      username: identity.username,
      key_id: identity.keyId,
      group_id: identity.groupId,
      model: subject.model,
      priority: identity.priority,
      backend_id: backendId,
      queue_wait_ms: Math.round(queueWaitMs),
    })
  }

  /** Refused before any backend saw it; `reason` is the label `corral_rejections_total` counts it under. */
  refused(subject: RequestSubject, reason: string, status: number): void {
    const { identity } = subject
    this.bus.publish({
      type: 'request.refused',
      request_id: subject.requestId,
      user_id: identity.userId,
      username: identity.username,
      key_id: identity.keyId,
      group_id: identity.groupId,
      model: subject.model,
      priority: identity.priority,
      reason,
      status,
    })
  }

  cancelled(subject: RequestSubject, by: 'client' | 'operator', wasRunning: boolean): void {
    const { identity } = subject
    this.bus.publish({
      type: 'request.cancelled',
      request_id: subject.requestId,
      user_id: identity.userId,
      username: identity.username,
      key_id: identity.keyId,
      group_id: identity.groupId,
      model: subject.model,
      priority: identity.priority,
      by,
      was_running: wasRunning,
    })
  }

  /** One per finished request, with the figures its usage record gets. */
  finished(subject: RequestSubject, figures: FinishedFigures): void {
    const { identity } = subject
    this.bus.publish({
      type: 'request.finished',
      request_id: subject.requestId,
      user_id: identity.userId,
      username: identity.username,
      key_id: identity.keyId,
      group_id: identity.groupId,
      model: subject.model,
      priority: identity.priority,
      backend_id: figures.backendId,
      status: figures.status,
      prompt_tokens: figures.promptTokens,
      output_tokens: figures.outputTokens,
      queue_wait_ms: Math.round(figures.queueWaitMs),
      time_to_first_token_ms:
        figures.timeToFirstTokenMs === null ? null : Math.round(figures.timeToFirstTokenMs),
      duration_ms: Math.round(figures.durationMs),
      error: figures.error,
    })
  }
}
