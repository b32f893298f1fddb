import { describe, expect, it } from 'vitest'
import type { AdminGroup } from '@corral/contracts'
import { groupFormValues, groupRequest } from './group-form-values.ts'

const group: AdminGroup = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'research',
  description: '',
  priority: 7,
  weight: 2,
  models: ['llama3.2'],
  limits: {
    max_concurrency: null,
    requests_per_minute: 60,
    tokens_per_minute: null,
    daily_token_quota: null,
    monthly_token_quota: 1_000_000,
  },
  is_default: false,
  member_count: 3,
  created_at: '2026-01-01T00:00:00.000Z',
  version: 4,
  updated_at: '2026-01-02T00:00:00.000Z',
}

describe('the group form', () => {
  it('round-trips a group: an empty limit is none, “every model” is a null list', () => {
    expect(groupRequest(groupFormValues(group))).toEqual({
      name: 'research',
      description: '',
      priority: 7,
      weight: 2,
      models: ['llama3.2'],
      limits: group.limits,
    })
    const values = { ...groupFormValues(group), allModels: true }
    values.limits.requests_per_minute = ''
    expect(groupRequest(values)).toMatchObject({ models: null, limits: { requests_per_minute: null } })
  })

  it('starts a new group at priority 5, weight 1, every model, no limits', () => {
    expect(groupRequest(groupFormValues(null))).toMatchObject({ priority: 5, weight: 1, models: null })
  })
})
