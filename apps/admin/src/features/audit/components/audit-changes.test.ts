import { describe, expect, it } from 'vitest'
import { auditChanges } from './audit-changes.ts'
import { auditFiltersFrom, auditView } from './audit-view.ts'
import { readUrlState } from '../../../lib/url-state.ts'

describe('audit entries', () => {
  it('show one row per changed field, nested fields by their path', () => {
    expect(
      auditChanges({
        before: { priority: 5, limits: { requests_per_minute: 60, tokens_per_minute: null } },
        after: { priority: 7, limits: { requests_per_minute: 120, tokens_per_minute: null } },
      }),
    ).toEqual([
      { field: 'priority', before: 5, after: 7 },
      { field: 'limits.requests_per_minute', before: 60, after: 120 },
    ])
  })

  it('show a created or deleted object against nothing', () => {
    expect(auditChanges({ before: null, after: { name: 'interns' } })).toEqual([
      { field: 'name', before: null, after: 'interns' },
    ])
  })

  it('are filtered by the view’s filters, which the export shares', () => {
    const view = readUrlState(
      auditView,
      new URLSearchParams(
        'actor=ada&action=user.&type=user&from=2026-01-01T00:00:00.000Z&to=not-a-date&page=4',
      ),
    )
    expect(auditFiltersFrom(view)).toEqual({
      actor: 'ada',
      action: 'user.',
      target_type: 'user',
      from: '2026-01-01T00:00:00.000Z',
    })
  })
})
