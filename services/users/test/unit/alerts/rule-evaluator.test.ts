import { describe, expect, it } from 'vitest'
import type { SystemEventInput } from '@corral/contracts'
import { EventBus } from '@corral/core'
import type { AlertRuleConfig } from '../../../src/alerts/alert-rule.ts'
import { RuleEvaluator, type AlertNotification } from '../../../src/alerts/rule-evaluator.ts'

/** A real EventBus and evaluator on a clock the test moves; `advance` ticks once per second passed. */
function harness(rules: Partial<AlertRuleConfig>[]) {
  let now = 1_000_000
  const sent: AlertNotification[] = []
  const bus = new EventBus({ now: () => now })
  const evaluator = new RuleEvaluator({ now: () => now, notify: (notification) => sent.push(notification) })
  evaluator.setRules(rules.map((rule, index) => ({ ...baseRule, id: `rule-${index}`, ...rule })))
  evaluator.attach(bus)
  return {
    sent,
    evaluator,
    publish: (event: SystemEventInput) => bus.publish(event),
    advance(seconds: number) {
      for (let second = 0; second < seconds; second++) {
        now += 1000
        evaluator.tick()
      }
    },
    states: () => sent.map((notification) => `${notification.state} ${notification.subject}`),
  }
}

const baseRule: AlertRuleConfig = {
  id: 'rule',
  name: 'rule',
  type: 'backend-down',
  params: {},
  targetIds: [],
  enabled: true,
  resolveAfterMs: 0,
  cooldownMs: 0,
}

const requester = {
  request_id: 'r',
  user_id: 'u',
  username: 'ann',
  key_id: null,
  group_id: null,
  model: 'llama3.2',
  priority: 5,
}
const down = (id = 'b1', name = 'gpu-1'): SystemEventInput => ({
  type: 'backend.down',
  backend_id: id,
  name,
  error: 'connect ECONNREFUSED',
})
const up = (id = 'b1', name = 'gpu-1'): SystemEventInput => ({ type: 'backend.up', backend_id: id, name })
const started = (waitMs: number): SystemEventInput => ({
  type: 'request.started',
  ...requester,
  backend_id: 'b1',
  queue_wait_ms: waitMs,
})
const refused = (): SystemEventInput => ({
  type: 'request.refused',
  ...requester,
  reason: 'queue-full',
  status: 503,
})

describe('the alert rule evaluator', () => {
  describe('backend down for N seconds', () => {
    it('fires only once the backend has been down for N seconds, and resolves when it is back', () => {
      const h = harness([{ type: 'backend-down', params: { seconds: 30 } }])
      h.publish(down())
      h.advance(29)
      expect(h.sent).toEqual([])
      h.advance(1)
      expect(h.states()).toEqual(['firing backend gpu-1'])
      expect(h.sent[0]!.summary).toContain('gpu-1 has been down for 30 s (connect ECONNREFUSED)')
      expect(h.evaluator.status('rule-0')).toMatchObject({
        state: 'firing',
        firingSubjects: ['backend gpu-1'],
      })
      h.publish(up())
      h.advance(1)
      expect(h.states()).toEqual(['firing backend gpu-1', 'resolved backend gpu-1'])
      expect(h.evaluator.status('rule-0').state).toBe('resolved')
    })

    it('sends nothing for a backend that comes back before N seconds', () => {
      const h = harness([{ type: 'backend-down', params: { seconds: 30 } }])
      h.publish(down())
      h.advance(20)
      h.publish(up())
      h.advance(60)
      expect(h.sent).toEqual([])
    })

    it('watches one backend when the rule names it, each backend separately otherwise', () => {
      const h = harness([
        { type: 'backend-down', params: { seconds: 5, backend_id: 'b2' } },
        { type: 'backend-down', params: { seconds: 5 } },
      ])
      h.publish(down('b1', 'gpu-1'))
      h.publish(down('b2', 'gpu-2'))
      h.advance(5)
      const byRule = (id: string) => h.sent.filter((n) => n.rule.id === id).map((n) => n.subject)
      expect(byRule('rule-0')).toEqual(['backend gpu-2'])
      expect(byRule('rule-1').sort()).toEqual(['backend gpu-1', 'backend gpu-2'])
    })

    it('keeps a flapping backend quiet: it must stay up for the resolve delay before "resolved"', () => {
      const h = harness([{ type: 'backend-down', params: { seconds: 10 }, resolveAfterMs: 60_000 }])
      h.publish(down())
      h.advance(10)
      for (let flap = 0; flap < 5; flap++) {
        h.publish(up())
        h.advance(20)
        h.publish(down())
        h.advance(20)
      }
      expect(h.states()).toEqual(['firing backend gpu-1'])
      h.publish(up())
      h.advance(59)
      expect(h.states()).toEqual(['firing backend gpu-1'])
      // Conditions are evaluated once a second: the clear minute counts from the first tick that saw it.
      h.advance(2)
      expect(h.states()).toEqual(['firing backend gpu-1', 'resolved backend gpu-1'])
    })

    it('does not notify again within the cool-down, neither the new firing nor its resolution', () => {
      const h = harness([{ type: 'backend-down', params: { seconds: 1 }, cooldownMs: 300_000 }])
      h.publish(down())
      h.advance(1)
      h.publish(up())
      h.advance(1)
      h.publish(down())
      h.advance(2)
      h.publish(up())
      h.advance(1)
      expect(h.states()).toEqual(['firing backend gpu-1', 'resolved backend gpu-1'])
      h.advance(300)
      h.publish(down())
      h.advance(1)
      expect(h.states()).toEqual(['firing backend gpu-1', 'resolved backend gpu-1', 'firing backend gpu-1'])
    })
  })

  describe('p95 queue wait over a window', () => {
    it('fires when the p95 of the waits in the window exceeds the threshold, resolves when they age out', () => {
      const h = harness([{ type: 'queue-wait-p95', params: { threshold_ms: 1000, window_seconds: 60 } }])
      for (let i = 0; i < 18; i++) h.publish(started(100))
      h.publish(started(5000))
      h.publish(started(5000))
      h.advance(1)
      // 20 waits: the 19th smallest is the p95, one of the two slow ones.
      expect(h.states()).toEqual(['firing the queue'])
      expect(h.sent[0]!.details).toMatchObject({ p95_ms: 5000, samples: 20 })
      h.advance(60)
      expect(h.states()).toEqual(['firing the queue', 'resolved the queue'])
    })

    it('stays quiet while the p95 is under the threshold, or with too few requests to tell', () => {
      const h = harness([{ type: 'queue-wait-p95', params: { threshold_ms: 1000, window_seconds: 60 } }])
      for (let i = 0; i < 19; i++) h.publish(started(100))
      h.publish(started(9000))
      h.advance(1)
      expect(h.sent).toEqual([])
      const few = harness([{ type: 'queue-wait-p95', params: { threshold_ms: 1000, window_seconds: 60 } }])
      for (let i = 0; i < 4; i++) few.publish(started(9000))
      few.advance(1)
      expect(few.sent).toEqual([])
    })
  })

  describe('a key or group at X % of its quota', () => {
    const limit = (percent: number, scopeId = '00000000-0000-4000-8000-000000000001'): SystemEventInput => ({
      type: 'limit.reached',
      scope: 'group',
      scope_id: scopeId,
      limit: 'daily-quota',
      percent,
      user_id: null,
    })

    it('fires when a quota crosses the percentage, once per key or group, and resolves in a new period', () => {
      const h = harness([{ type: 'quota-percent', params: { percent: 80 } }])
      h.publish(limit(50))
      h.advance(1)
      expect(h.sent).toEqual([])
      h.publish(limit(80))
      h.publish(limit(90))
      h.advance(1)
      expect(h.states()).toEqual(['firing group 00000000-0000-4000-8000-000000000001 (daily-quota)'])
      h.publish(limit(50))
      h.advance(1)
      expect(h.sent.map((n) => n.state)).toEqual(['firing', 'resolved'])
    })

    it('ignores rate and concurrency limits, other scopes and other ids', () => {
      const h = harness([
        {
          type: 'quota-percent',
          params: { percent: 80, scope: 'key', scope_id: '00000000-0000-4000-8000-00000000000a' },
        },
      ])
      h.publish(limit(100))
      h.publish({
        ...limit(100),
        scope: 'key',
        scope_id: '00000000-0000-4000-8000-00000000000b',
      } as SystemEventInput)
      h.publish({
        type: 'limit.reached',
        scope: 'key',
        scope_id: '00000000-0000-4000-8000-00000000000a',
        limit: 'rate',
        percent: 100,
        user_id: null,
      })
      h.advance(1)
      expect(h.sent).toEqual([])
    })
  })

  describe('refusals per minute', () => {
    it('fires above the threshold within a minute and resolves once the minute has passed', () => {
      const h = harness([{ type: 'refusal-rate', params: { per_minute: 10 } }])
      for (let i = 0; i < 10; i++) h.publish(refused())
      h.advance(1)
      expect(h.sent).toEqual([])
      h.publish(refused())
      h.advance(1)
      expect(h.states()).toEqual(['firing refusals'])
      expect(h.sent[0]!.details).toMatchObject({
        refusals_last_minute: 11,
        recent_reasons: { 'queue-full': 11 },
      })
      h.advance(60)
      expect(h.states()).toEqual(['firing refusals', 'resolved refusals'])
    })

    it('does not add up refusals spread over more than a minute', () => {
      const h = harness([{ type: 'refusal-rate', params: { per_minute: 10 } }])
      for (let i = 0; i < 30; i++) {
        h.publish(refused())
        h.advance(7)
      }
      expect(h.sent).toEqual([])
    })
  })

  describe('a new user registered', () => {
    it('sends one notice per registration', () => {
      const h = harness([{ type: 'user-registered' }])
      h.publish({ type: 'user.registered', user_id: 'u1', username: 'ann', group_id: null })
      h.publish({ type: 'user.registered', user_id: 'u2', username: 'bob', group_id: null })
      expect(h.states()).toEqual(['triggered user ann', 'triggered user bob'])
      expect(h.sent[1]!.summary).toBe('New user registered: bob')
    })
  })

  describe('rule changes', () => {
    it('sends nothing for a disabled rule, and an edited rule starts over', () => {
      const h = harness([{ type: 'backend-down', params: { seconds: 5 }, enabled: false }])
      h.publish(down())
      h.advance(10)
      expect(h.sent).toEqual([])
      h.evaluator.setRules([{ ...baseRule, id: 'rule-0', params: { seconds: 5 } }])
      h.publish(down('b2', 'gpu-2'))
      h.advance(5)
      expect(h.states()).toEqual(['firing backend gpu-2'])
    })

    it('keeps the state of a rule whose condition did not change (a renamed rule does not re-fire)', () => {
      const h = harness([{ type: 'backend-down', params: { seconds: 1 } }])
      h.publish(down())
      h.advance(2)
      h.evaluator.setRules([{ ...baseRule, id: 'rule-0', name: 'renamed', params: { seconds: 1 } }])
      h.advance(5)
      expect(h.states()).toEqual(['firing backend gpu-1'])
      expect(h.evaluator.status('rule-0').state).toBe('firing')
    })
  })
})
