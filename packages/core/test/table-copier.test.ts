import { describe, expect, it } from 'vitest'
import { nextBatchSize } from '../src/database/copy/table-copier.ts'

const options = { batchRows: 1000, batchBytes: 8 * 1024 * 1024 }

describe('the size of the next batch a copy fetches', () => {
  it('doubles while batches stay small, up to the row limit', () => {
    expect(nextBatchSize(100, 10_000, options)).toBe(200)
    expect(nextBatchSize(800, 80_000, options)).toBe(1000)
    expect(nextBatchSize(1000, 100_000, options)).toBe(1000)
  })

  it('shrinks after a batch larger than the byte budget, in proportion', () => {
    expect(nextBatchSize(1000, 32 * 1024 * 1024, options)).toBe(250)
    expect(nextBatchSize(10, 400 * 1024 * 1024, options)).toBe(1)
  })

  it('keeps its size when a batch fills more than half the budget', () => {
    expect(nextBatchSize(400, 6 * 1024 * 1024, options)).toBe(400)
  })
})
