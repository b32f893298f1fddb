import { describe, expect, it } from 'vitest'
import { readUrlState } from '../../../lib/url-state.ts'
import { keysQueryFrom, keysView } from './keys-view.ts'

const now = Date.UTC(2026, 5, 15, 12, 0, 0)
const view = (query: string) => readUrlState(keysView, new URLSearchParams(query))

describe('the API keys query', () => {
  it('lists active keys, newest first, by default', () => {
    expect(keysQueryFrom(view(''), now)).toEqual({
      limit: 50,
      offset: 0,
      sort: 'created_at',
      order: 'desc',
      status: 'active',
    })
  })

  it('turns “last use” into timestamps at the moment the query runs', () => {
    expect(keysQueryFrom(view('used=7d'), now)).toMatchObject({ last_used_after: '2026-06-08T12:00:00.000Z' })
    expect(keysQueryFrom(view('used=idle30d'), now)).toMatchObject({
      last_used_before: '2026-05-16T12:00:00.000Z',
      never_used: false,
    })
    expect(keysQueryFrom(view('used=never'), now)).toMatchObject({ never_used: true })
  })

  it('filters by owner, group and any status, and pages', () => {
    const user = '11111111-1111-4111-8111-111111111111'
    expect(keysQueryFrom(view(`user=${user}&status=any&page=3&size=25&sort=name`), now)).toEqual({
      limit: 25,
      offset: 50,
      sort: 'name',
      order: 'asc',
      user_id: user,
    })
  })
})
