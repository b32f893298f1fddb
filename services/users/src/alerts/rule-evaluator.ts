import type { SystemEvent, SystemEventType } from '@corral/contracts'
import type { EventBus } from '@corral/core'
import type { AlertRuleConfig } from './alert-rule.ts'
import { backendDown, queueWaitP95, quotaPercent, refusalRate, type Condition } from './rule-conditions.ts'
import { SubjectState } from './subject-state.ts'

/** What a rule sends its targets. `triggered` is the one-off notice of an event rule (user-registered). */
export interface AlertNotification {
  rule: AlertRuleConfig
  state: 'firing' | 'resolved' | 'triggered'
  subject: string
  summary: string
  details: Record<string, unknown>
  at: number
}

export interface RuleStatus {
  state: 'firing' | 'resolved'
  firingSubjects: string[]
  lastNotifiedAt: number | null
}

interface Watched {
  rule: AlertRuleConfig
  condition: Condition | undefined
  subjects: Map<
    string,
    { machine: SubjectState; label: string; summary: string; details: Record<string, unknown> }
  >
  lastNotifiedAt: number | null
}

const conditionOf: Partial<Record<AlertRuleConfig['type'], (rule: AlertRuleConfig) => Condition>> = {
  'backend-down': backendDown,
  'queue-wait-p95': queueWaitP95,
  'quota-percent': quotaPercent,
  'refusal-rate': refusalRate,
}

/**
 * Evaluates the alert rules against the event stream, in memory and without a framework: events update
 * each rule's counts as they arrive (constant work on the publisher's path), and `tick` (once a second in
 * production, by hand in tests) evaluates the conditions and moves the state machines. Notifications go to `notify`,
 * which must not block: the alerts service queues them for background delivery.
 */
export class RuleEvaluator {
  private watched = new Map<string, Watched>()

  constructor(
    private readonly options: { now: () => number; notify: (notification: AlertNotification) => void },
  ) {}

  /**
   * Replaces the rules. A rule whose condition is unchanged keeps its state and what it has counted;
   * an edited, disabled or deleted one starts over (a disabled rule sends nothing, not even "resolved").
   */
  setRules(rules: AlertRuleConfig[]): void {
    const next = new Map<string, Watched>()
    for (const rule of rules) {
      if (!rule.enabled) continue
      const previous = this.watched.get(rule.id)
      if (previous && sameCondition(previous.rule, rule)) {
        previous.rule = rule
        next.set(rule.id, previous)
      } else {
        next.set(rule.id, {
          rule,
          condition: conditionOf[rule.type]?.(rule),
          subjects: new Map(),
          lastNotifiedAt: null,
        })
      }
    }
    this.watched = next
  }

  /** The event types some rule needs (the bus filters on them). */
  static readonly types: ReadonlySet<SystemEventType> = new Set([
    'backend.down',
    'backend.up',
    'backend.removed',
    'request.started',
    'request.refused',
    'limit.reached',
    'user.registered',
  ])

  attach(bus: EventBus): () => void {
    return bus.subscribe((event) => this.handle(event), { types: RuleEvaluator.types })
  }

  handle(event: SystemEvent): void {
    const now = this.options.now()
    for (const watched of this.watched.values()) {
      if (watched.rule.type === 'user-registered') {
        if (event.type === 'user.registered') this.triggered(watched, event, now)
        continue
      }
      if (!watched.condition?.types.includes(event.type)) continue
      // Only counted here: the publisher is on the request path, and a p95 sorts its window. `tick` decides.
      watched.condition.observe(event, now)
    }
  }

  tick(): void {
    const now = this.options.now()
    for (const watched of this.watched.values()) if (watched.condition) this.evaluate(watched, now)
  }

  status(ruleId: string): RuleStatus {
    const watched = this.watched.get(ruleId)
    const firing = [...(watched?.subjects.values() ?? [])].filter(
      (subject) => subject.machine.state === 'firing',
    )
    return {
      state: firing.length > 0 ? 'firing' : 'resolved',
      firingSubjects: firing.map((subject) => subject.label),
      lastNotifiedAt: watched?.lastNotifiedAt ?? null,
    }
  }

  private evaluate(watched: Watched, now: number): void {
    const active = watched.condition!.active(now)
    const { rule } = watched
    for (const [key, subject] of active) {
      let entry = watched.subjects.get(key)
      if (!entry) {
        entry = { machine: new SubjectState(rule.resolveAfterMs, rule.cooldownMs), ...subject }
        watched.subjects.set(key, entry)
      } else Object.assign(entry, subject)
    }
    for (const [key, entry] of watched.subjects) {
      const transition = entry.machine.update(active.has(key), now)
      if (transition) {
        const summary = transition === 'firing' ? entry.summary : `Resolved: ${entry.label} is back to normal`
        this.send(watched, {
          rule,
          state: transition,
          subject: entry.label,
          summary,
          details: entry.details,
          at: now,
        })
      }
      if (!active.has(key) && entry.machine.idle(now)) watched.subjects.delete(key)
    }
  }

  private triggered(watched: Watched, event: SystemEvent, now: number): void {
    if (event.type !== 'user.registered') return
    this.send(watched, {
      rule: watched.rule,
      state: 'triggered',
      subject: `user ${event.username}`,
      summary: `New user registered: ${event.username}`,
      details: { user_id: event.user_id, username: event.username, group_id: event.group_id },
      at: now,
    })
  }

  private send(watched: Watched, notification: AlertNotification): void {
    watched.lastNotifiedAt = notification.at
    this.options.notify(notification)
  }
}

function sameCondition(a: AlertRuleConfig, b: AlertRuleConfig): boolean {
  return (
    a.type === b.type &&
    JSON.stringify(a.params) === JSON.stringify(b.params) &&
    a.resolveAfterMs === b.resolveAfterMs &&
    a.cooldownMs === b.cooldownMs
  )
}
