import { describe, expect, test } from 'vitest'
import { cleanPath } from '../src/http/clean-path.ts'
import { parseRequestTarget } from '../src/http/go-url.ts'

describe("Go's request target parsing", () => {
  test('decodes the path once and keeps the raw form as the escaped path', () => {
    expect(parseRequestTarget('/api/%70ull?x=%41')).toEqual({
      kind: 'path',
      path: '/api/pull',
      escapedPath: '/api/%70ull',
      rawQuery: 'x=%41',
    })
  })

  test('keeps the bytes of a decoded multi-byte character', () => {
    const target = parseRequestTarget('/v1/models/caf%C3%A9')
    expect(target).toMatchObject({ path: '/v1/models/caf\u00c3\u00a9' })
  })

  test('escapes a raw path that is not validly encoded', () => {
    expect(parseRequestTarget('/a"b{c}')).toMatchObject({ escapedPath: '/a%22b%7Bc%7D' })
  })

  test('takes the path of an absolute-form target', () => {
    expect(parseRequestTarget('http://gw:8080/api/tags?x')).toMatchObject({
      path: '/api/tags',
      rawQuery: 'x',
    })
    expect(parseRequestTarget('http://gw:8080')).toMatchObject({ path: '', escapedPath: '' })
  })

  test('refuses bad escapes, control bytes and relative paths', () => {
    for (const target of ['/a%', '/a%g0', '/a\x01', 'api/tags', ':x']) {
      expect(parseRequestTarget(target)).toEqual({ kind: 'bad' })
    }
  })
})

describe("ServeMux's cleanPath", () => {
  test.each([
    ['', '/'],
    ['/', '/'],
    ['//api//chat', '/api/chat'],
    ['/api/./chat/', '/api/chat/'],
    ['/api/../../x', '/x'],
    ['/api/%2e%2e/x', '/api/%2e%2e/x'],
    ['/a/b/..', '/a'],
    ['/a/b/../', '/a/'],
  ])('cleans %j to %j', (path, cleaned) => {
    expect(cleanPath(path)).toBe(cleaned)
  })
})
