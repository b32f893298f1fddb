import { describe, expect, it } from 'vitest'
import { param, readUrlState, writeUrlState } from './url-state.ts'

const view = {
  q: param.string(),
  role: param.oneOf(['any', 'user', 'admin'], 'any'),
  sort: param.sort(['username', 'created_at'], { column: 'username', direction: 'asc' }),
  page: param.integer(1),
  size: param.integer(50, { max: 500 }),
}
const read = (query: string) => readUrlState(view, new URLSearchParams(query))
const write = (query: string, patch: Parameters<typeof writeUrlState<typeof view>>[2]) =>
  writeUrlState(view, new URLSearchParams(query), patch).toString()

describe('view state in the URL', () => {
  it('reads defaults from an empty query string', () => {
    expect(read('')).toEqual({
      q: '',
      role: 'any',
      sort: { column: 'username', direction: 'asc' },
      page: 1,
      size: 50,
    })
  })

  it('reads a filtered, sorted page', () => {
    expect(read('q=ada&role=admin&sort=-created_at&page=3&size=25')).toEqual({
      q: 'ada',
      role: 'admin',
      sort: { column: 'created_at', direction: 'desc' },
      page: 3,
      size: 25,
    })
  })

  it('reads anything it cannot trust as the default', () => {
    expect(read('role=root&sort=-password&page=0&size=9999&page2=x')).toMatchObject({
      role: 'any',
      sort: { column: 'username', direction: 'asc' },
      page: 1,
      size: 50,
    })
    expect(read('page=2.5').page).toBe(1)
  })

  it('keeps defaults out of the URL', () => {
    expect(write('role=admin', { role: 'any' })).toBe('')
    expect(write('', { sort: { column: 'created_at', direction: 'desc' } })).toBe('sort=-created_at')
  })

  it('goes back to the first page when anything but the page changes', () => {
    expect(write('q=ad&page=4', { role: 'admin' })).toBe('q=ad&role=admin')
    expect(write('q=ad&page=4', { page: 5 })).toBe('q=ad&page=5')
    expect(write('q=ad&page=4', { q: 'ad' })).toBe('q=ad&page=4')
  })

  it('leaves parameters of other components alone', () => {
    expect(write('drawer=7&q=a', { q: 'b' })).toBe('drawer=7&q=b')
  })
})
