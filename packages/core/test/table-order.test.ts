import { describe, expect, it } from 'vitest'
import { orderByReferences } from '../src/database/copy/table-order.ts'

const names = (tables: { name: string }[]) => tables.map((table) => table.name)

describe('ordering tables for a copy', () => {
  it('puts every table after the tables its foreign keys point to, across schemas', () => {
    const ordered = orderByReferences([
      { name: 'users.messages', references: ['users.conversations'] },
      { name: 'users.conversations', references: ['users.users'] },
      { name: 'auth.credentials', references: ['users.users'] },
      { name: 'users.users', references: ['users.groups'] },
      { name: 'users.groups', references: [] },
    ])
    expect(names(ordered)).toEqual([
      'users.groups',
      'users.users',
      'users.conversations',
      'users.messages',
      'auth.credentials',
    ])
  })

  it('keeps the given order among tables that do not depend on each other', () => {
    const tables = ['b', 'a', 'c'].map((name) => ({ name, references: [] }))
    expect(names(orderByReferences(tables))).toEqual(['b', 'a', 'c'])
  })

  it('accepts a table that references itself and ignores references outside the copy', () => {
    const ordered = orderByReferences([
      { name: 'users.groups', references: ['users.groups', 'elsewhere.table'] },
    ])
    expect(names(ordered)).toEqual(['users.groups'])
  })

  it('refuses foreign keys that form a cycle, naming it', () => {
    expect(() =>
      orderByReferences([
        { name: 'a', references: ['b'] },
        { name: 'b', references: ['a'] },
      ]),
    ).toThrow('foreign keys form a cycle: a → b → a')
  })
})
