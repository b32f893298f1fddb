import { describe, expect, it } from 'vitest'
import { pageRange } from './page-range.ts'

const capped = { total: 10_000, totalExact: false, pageSize: 50 }

describe('the pager of a server-paged list', () => {
  it('knows the last page when the total is exact', () => {
    expect(pageRange({ page: 2, pageSize: 50, total: 120, totalExact: true, rows: 50 }, 'users')).toEqual({
      pages: 3,
      morePages: false,
      summary: '51–100 of 120 users',
    })
    expect(pageRange({ page: 1, pageSize: 50, total: 0, totalExact: true, rows: 0 }, 'users').summary).toBe(
      'No users',
    )
  })

  it('shows a capped total as “10,000+” and offers every page up to the one past the cap, and more', () => {
    expect(pageRange({ ...capped, page: 1, rows: 50 }, 'users')).toEqual({
      pages: 201,
      morePages: true,
      summary: '1–50 of 10,000+ users',
    })
  })

  it('goes forward one page at a time past the cap while pages come back full', () => {
    const range = pageRange({ ...capped, page: 250, rows: 50 }, 'keys')
    expect(range).toMatchObject({ pages: 251, morePages: true })
    expect(range.summary).toBe('12,451–12,500 of 10,000+ keys')
  })

  it('ends at a short page, where the exact count is known after all', () => {
    expect(pageRange({ ...capped, page: 300, rows: 7 }, 'keys')).toEqual({
      pages: 300,
      morePages: false,
      summary: '14,951–14,957 of 14,957 keys',
    })
  })

  it('lets a page past the end go back', () => {
    expect(pageRange({ ...capped, page: 900, rows: 0 }, 'keys')).toEqual({
      pages: 900,
      morePages: false,
      summary: 'No keys on this page',
    })
  })
})
