import { describe, expect, it } from 'vitest'
import { readUrlState } from '../../../lib/url-state.ts'
import { isFiltered, requestFiltersFrom, requestsView } from './requests-view.ts'

const viewOf = (query: string) => readUrlState(requestsView, new URLSearchParams(query))

describe('the request log view', () => {
  it('turns the URL parameters other pages link with into the API filters', () => {
    const view = viewOf(
      'user=u-1&key=k-1&group=g-1&model=llama3.2&backend=b-1&endpoint=%2Fapi%2Fchat&status=5xx' +
        '&from=2026-12-01T00:00:00%2B01:00&to=2026-12-02T00:00:00Z&request=42',
    )
    expect(requestFiltersFrom(view)).toEqual({
      user_id: 'u-1',
      key_id: 'k-1',
      group_id: 'g-1',
      model: 'llama3.2',
      backend_id: 'b-1',
      endpoint: '/api/chat',
      status: '5xx',
      from: '2026-11-30T23:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    })
    expect(view.request).toBe('42')
  })

  it('leaves out what is empty or not a time, and an open drawer alone is no filter', () => {
    const view = viewOf('model=%20%20&from=yesterday&request=7')
    expect(requestFiltersFrom(view)).toEqual({})
    expect(isFiltered(viewOf('request=7'))).toBe(false)
    expect(isFiltered(viewOf('status=503'))).toBe(true)
  })
})
