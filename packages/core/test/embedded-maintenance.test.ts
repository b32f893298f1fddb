import { pino } from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startEmbeddedMaintenance, type Database } from '../src/index.ts'

/** A database that only records the statements run on it. */
function fakeDatabase(kind: Database['kind']) {
  const statements: unknown[] = []
  const database = { kind, db: { execute: async (query: unknown) => void statements.push(query) } }
  return { database: database as unknown as Database, statements }
}

const logger = pino({ level: 'silent' })

describe('the embedded database maintenance', () => {
  afterEach(() => vi.useRealTimers())

  it('vacuums a minute after start, then hourly, and stops', async () => {
    vi.useFakeTimers()
    const { database, statements } = fakeDatabase('pglite')
    const stop = startEmbeddedMaintenance(database, logger)
    expect(statements).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(statements).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(statements).toHaveLength(2)
    await stop()
    await vi.advanceTimersByTimeAsync(10 * 3_600_000)
    expect(statements).toHaveLength(2)
  })

  it('leaves a PostgreSQL server to its autovacuum', async () => {
    vi.useFakeTimers()
    const { database, statements } = fakeDatabase('postgres')
    const stop = startEmbeddedMaintenance(database, logger)
    await vi.advanceTimersByTimeAsync(2 * 3_600_000)
    expect(statements).toHaveLength(0)
    await stop()
  })
})
