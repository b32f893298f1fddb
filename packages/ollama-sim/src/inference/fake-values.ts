import { fnv1a } from '../text/hash.ts'
import { simTokens } from '../text/tokens.ts'

type Schema = Record<string, unknown>

/**
 * A deterministic value that satisfies a (simple) JSON schema: what a tool call's arguments or a
 * `format: {schema}` answer contain. Strings are two words from the simulator's vocabulary.
 */
export function fakeFromSchema(schema: unknown, seed: string): unknown {
  if (typeof schema !== 'object' || schema === null) return simText(seed)
  const s = schema as Schema
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0]
  const type = Array.isArray(s.type) ? (s.type as unknown[]).find((t) => t !== 'null') : s.type
  switch (type) {
    case 'object':
      return fakeObject(s, seed)
    case 'array':
      return [fakeFromSchema(s.items, `${seed}[0]`)]
    case 'integer':
      return (fnv1a(seed) % 100) + 1
    case 'number':
      return ((fnv1a(seed) % 10_000) + 1) / 100
    case 'boolean':
      return fnv1a(seed) % 2 === 0
    case 'null':
      return null
    default:
      return typeof s.properties === 'object' ? fakeObject(s, seed) : simText(seed)
  }
}

function fakeObject(schema: Schema, seed: string): Record<string, unknown> {
  const properties = (typeof schema.properties === 'object' && schema.properties) || {}
  return Object.fromEntries(
    Object.entries(properties as Schema).map(([key, property]) => [
      key,
      fakeFromSchema(property, `${seed}.${key}`),
    ]),
  )
}

function simText(seed: string): string {
  return simTokens(seed, 2).join('').toLowerCase()
}
