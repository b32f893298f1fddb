import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from '../../src/requests/request-log-cursor.ts'
import { requestLogFilterOf } from '../../src/requests/request-log-filter.ts'

const now = Date.UTC(2026, 11, 2, 12)

describe('the request log filter', () => {
  it('reads a status as itself and a class as its hundred', () => {
    expect(requestLogFilterOf({ status: '503' }, now).status).toEqual({ exact: 503 })
    expect(requestLogFilterOf({ status: '4xx' }, now).status).toEqual({ class: 4 })
  })

  it('accepts a range of up to 400 days, and one without an end', () => {
    const from = new Date(now - 400 * 86_400_000).toISOString()
    expect(requestLogFilterOf({ from, to: new Date(now).toISOString() }, now).from).toEqual(new Date(from))
    expect(requestLogFilterOf({ to: '2026-01-01T00:00:00Z' }, now).to).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    )
  })

  it.each([
    [{ from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' }, /reversed/],
    [{ from: '2024-01-01T00:00:00Z' }, /longer than 400 days/],
    [{ from: '1999-12-31T23:59:59Z' }, /between 2000 and tomorrow/],
    [{ to: '2026-12-04T00:00:00Z' }, /between 2000 and tomorrow/],
  ])('refuses %j', (query, message) => {
    expect(() => requestLogFilterOf(query, now)).toThrow(message)
  })
})

describe('the request log cursor', () => {
  it('round-trips a position to the microsecond', () => {
    const position = { at: '2026-12-02T12:00:00.123456Z', id: 98765 }
    expect(decodeCursor(encodeCursor(position), 'before')).toEqual(position)
  })

  it.each([
    '',
    'abc',
    Buffer.from('2026-12-02T12:00:00Z|1').toString('base64url'),
    Buffer.from('x|1').toString('base64url'),
  ])('refuses %j', (cursor) => {
    expect(() => decodeCursor(cursor, 'before')).toThrow(/not a cursor/)
  })
})
