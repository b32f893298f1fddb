import { describe, expect, it } from 'vitest'
import {
  checkField,
  settingChanges,
  settingSections,
  settingsPatch,
  type SchemaNode,
} from './settings-schema.ts'

const schema: SchemaNode = {
  type: 'object',
  properties: {
    registration_enabled: { type: 'boolean', title: 'Open registration' },
    queue: {
      type: 'object',
      title: 'Queue',
      properties: {
        max_length: { type: 'integer', minimum: 1, maximum: 1_000_000, title: 'Queue cap' },
        aging_seconds: { type: 'integer', minimum: 0, maximum: 86_400 },
      },
    },
    token_prices: {
      type: 'object',
      properties: {
        currency: { type: 'string', minLength: 1, maxLength: 8 },
        input_per_million: { type: 'number', minimum: 0 },
      },
    },
  },
}
const saved = {
  registration_enabled: true,
  queue: { max_length: 1000, aging_seconds: 30 },
  token_prices: { currency: 'USD', input_per_million: 0 },
}

describe('the settings form built from the API’s schema', () => {
  const sections = settingSections(schema)

  it('has a section per object and titles from the schema', () => {
    expect(sections.map((section) => [section.title, section.fields.map((field) => field.title)])).toEqual([
      ['General', ['Open registration']],
      ['Queue', ['Queue cap', 'Aging seconds']],
      ['Token prices', ['Currency', 'Input per million']],
    ])
  })

  it('checks the bounds the schema gives', () => {
    const [cap, aging] = sections[1]!.fields
    expect(checkField(cap!, 0)).toBe('At least 1')
    expect(checkField(cap!, 2_000_000)).toBe('At most 1,000,000')
    expect(checkField(cap!, 1.5)).toBe('Enter a whole number')
    expect(checkField(cap!, Number.NaN)).toBe('Enter a number')
    expect(checkField(aging!, 0)).toBeNull()
    expect(checkField(sections[2]!.fields[0]!, '')).toBe('Required')
    expect(checkField(sections[2]!.fields[0]!, 'DOUBLOONS')).toBe('At most 8 characters')
  })

  it('diffs the draft against the saved values and patches only what changed', () => {
    const draft = { ...saved, queue: { max_length: 2000, aging_seconds: 30 }, registration_enabled: false }
    const changes = settingChanges(sections, saved, draft)
    expect(changes).toEqual([
      { field: 'Open registration', path: 'registration_enabled', before: true, after: false },
      { field: 'Queue: Queue cap', path: 'queue.max_length', before: 1000, after: 2000 },
    ])
    expect(settingsPatch(changes)).toEqual({ registration_enabled: false, queue: { max_length: 2000 } })
  })
})
