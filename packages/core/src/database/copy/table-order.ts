/** A table to copy, named `schema.table`, with the tables its foreign keys point to. */
export interface TableDependencies {
  name: string
  references: readonly string[]
}

/**
 * Orders tables so that every table comes after the tables it references: rows are inserted with
 * their foreign keys checked, and a PostgreSQL role that is not a superuser cannot switch those checks
 * off. A table referencing itself is kept (its rows keep their order in the source). Ties keep the
 * given order, so the result is stable.
 */
export function orderByReferences<T extends TableDependencies>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((table) => [table.name, table]))
  const ordered: T[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (table: T, path: string[]) => {
    const seen = state.get(table.name)
    if (seen === 'done') return
    if (seen === 'visiting')
      throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(' → ')}`)
    state.set(table.name, 'visiting')
    for (const name of table.references) {
      const referenced = byName.get(name)
      if (referenced && name !== table.name) visit(referenced, [...path, table.name])
    }
    state.set(table.name, 'done')
    ordered.push(table)
  }
  for (const table of tables) visit(table, [])
  return ordered
}
