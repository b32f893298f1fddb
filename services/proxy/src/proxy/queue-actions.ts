import type { QueueCancelResult, QueuePromoteResult } from '@corral/contracts'
import type { Actor, EventBus, UsersClient } from '@corral/core'
import { Errors } from '@corral/core'
import type { Scheduler } from '../scheduler/index.ts'
import type { QueueView } from './queue-view.ts'
import type { RunningRequests } from './running-requests.ts'

interface Subject {
  userId: string
  keyId: string | null
  model: string
  priority: number
}

const gone = (id: string) =>
  new Errors.notFound(`No request ${id} is waiting or running: it has finished, or it never existed`)

/**
 * What an operator does on the queue board: cancel a waiting or running request, or change a waiting
 * request's base priority. Each is honoured by the scheduler at once, audited, and published as an
 * event (`request.cancelled` with `by: 'operator'`) for the board, alerts and webhooks.
 */
export class QueueActions {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly running: RunningRequests,
    private readonly view: QueueView,
    private readonly users: UsersClient,
    private readonly events: EventBus,
  ) {}

  async cancel(actor: Actor, id: string): Promise<QueueCancelResult> {
    const waiting = this.waitingSubject(id)
    let subject: Subject
    let wasRunning: boolean
    if (waiting && this.scheduler.cancelWaiting(id) === 'done') {
      subject = waiting
      wasRunning = false
    } else {
      const run = this.running.get(id)
      if (!run) {
        if (this.scheduler.cancelWaiting(id) === 'running') {
          throw new Errors.conflict(`Request ${id} is starting on a backend; try again in a moment`)
        }
        throw gone(id)
      }
      run.cancel()
      const { identity, model } = run.context
      subject = { userId: identity.userId, keyId: identity.keyId, model, priority: identity.priority }
      wasRunning = true
    }
    const requester = this.view.requester(subject.userId)
    this.events.publish({
      type: 'request.cancelled',
      request_id: id,
      user_id: subject.userId,
      username: requester.username,
      key_id: subject.keyId,
      group_id: requester.groupId,
      model: subject.model,
      priority: subject.priority,
      by: 'operator',
      was_running: wasRunning,
    })
    await this.audit(actor, 'queue.cancel', id, subject, { was_running: wasRunning }, null, null)
    return { id, was_running: wasRunning }
  }

  async promote(actor: Actor, id: string, priority: number): Promise<QueuePromoteResult> {
    const subject = this.waitingSubject(id)
    if (!subject) {
      if (this.running.get(id) || this.scheduler.promote(id, priority) === 'running') {
        throw new Errors.conflict(
          `Request ${id} has already started on a backend; only a waiting request can be promoted`,
        )
      }
      throw gone(id)
    }
    // Synchronous with the lookup above: the request is still waiting.
    this.scheduler.promote(id, priority)
    await this.audit(actor, 'queue.promote', id, subject, {}, { priority: subject.priority }, { priority })
    return { id, priority, previous_priority: subject.priority }
  }

  /** The waiting request's owner and model, before it changes (an admin action: one snapshot is fine). */
  private waitingSubject(id: string): Subject | undefined {
    const entry = this.scheduler.snapshot().waiting.find((candidate) => candidate.id === id)
    return entry && { userId: entry.userId, keyId: entry.keyId, model: entry.model, priority: entry.priority }
  }

  private audit(
    actor: Actor,
    action: string,
    id: string,
    subject: Subject,
    details: Record<string, unknown>,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    return this.users.audit({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action,
      targetType: 'queue',
      targetId: id,
      subjectUserId: subject.userId,
      details: {
        username: this.view.requester(subject.userId).username,
        key_id: subject.keyId,
        model: subject.model,
        ...details,
      },
      before,
      after,
      ip: actor.ip,
    })
  }
}
