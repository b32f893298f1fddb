import { describe, expect, it } from 'vitest'
import { findNulCharacter } from '../src/index.ts'

describe('finding NUL characters in parsed input', () => {
  it('names the path of the first string or key that holds one', () => {
    expect(findNulCharacter({ a: 'fine', b: ['x', 'y\u0000'] })).toBe('b/1')
    expect(findNulCharacter({ ['k\u0000']: 1 })).toBe('k\u0000')
    expect(findNulCharacter('\u0000')).toBe('')
    expect(findNulCharacter({ a: 1, b: null, c: [true, 'ok'] })).toBeUndefined()
  })

  it('walks a deeply nested value without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000'
    for (let level = 0; level < 100_000; level++) deep = [deep]
    expect(findNulCharacter(deep)?.split('/')).toHaveLength(100_000)
  })
})
