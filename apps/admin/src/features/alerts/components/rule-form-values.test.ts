import { describe, expect, it } from 'vitest'
import { describeRule, emptyRule, formErrorsOf, ruleRequest } from './rule-form-values.ts'

describe('the alert rule form', () => {
  it('sends only the parameters of the chosen type', () => {
    expect(ruleRequest({ ...emptyRule, name: ' down ', type: 'backend-down', seconds: 30 })).toMatchObject({
      name: 'down',
      params: { seconds: 30, backend_id: null },
    })
    expect(ruleRequest({ ...emptyRule, type: 'refusal-rate', perMinute: 12 }).params).toEqual({
      per_minute: 12,
    })
    expect(ruleRequest({ ...emptyRule, type: 'user-registered' }).params).toEqual({})
  })

  it('shows the server’s refusals next to the form’s own fields', () => {
    expect(
      formErrorsOf({ 'params.seconds': 'Must be at least 1', 'target_ids.0': 'Is not an alert target' }),
    ).toEqual({
      seconds: 'Must be at least 1',
      targetIds: 'Is not an alert target',
    })
  })

  it('describes a rule in one line', () => {
    expect(
      describeRule({ type: 'queue-wait-p95', params: { threshold_ms: 2000, window_seconds: 300 } }),
    ).toBe('p95 queue wait above 2000 ms over 300 s')
    expect(describeRule({ type: 'backend-down', params: { seconds: 60, backend_id: null } })).toBe(
      'Any backend down for 60 s',
    )
  })
})
