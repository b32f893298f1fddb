import { describe, expect, it } from 'vitest'
import { rangeCover } from '../../src/stats/range-cover.ts'
import { jainIndex } from '../../src/stats/jain-index.ts'
import { latencyBin, latencyBinEdges } from '../../src/stats/latency-bins.ts'

const at = (iso: string) => Date.parse(iso)

describe('reading a range from the rollup grains', () => {
  it('tiles a range with quarters, hours and days in as few runs as it can', () => {
    const runs = rangeCover(at('2026-03-01T22:45:00Z'), at('2026-03-05T01:30:00Z'))
    expect(
      runs.map((run) => [run.grain, new Date(run.from).toISOString(), new Date(run.to).toISOString()]),
    ).toEqual([
      ['q', '2026-03-01T22:45:00.000Z', '2026-03-01T23:00:00.000Z'],
      ['h', '2026-03-01T23:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      ['d', '2026-03-02T00:00:00.000Z', '2026-03-05T00:00:00.000Z'],
      ['h', '2026-03-05T00:00:00.000Z', '2026-03-05T01:00:00.000Z'],
      ['q', '2026-03-05T01:00:00.000Z', '2026-03-05T01:30:00.000Z'],
    ])
  })

  it('never lets a piece cross a bucket boundary of a +05:30 day', () => {
    const cut = at('2026-03-02T18:30:00Z')
    const runs = rangeCover(at('2026-03-01T18:30:00Z'), at('2026-03-03T18:30:00Z'), [cut])
    const pieces = runs.flatMap((run) => {
      const size = { q: 900_000, h: 3_600_000, d: 86_400_000 }[run.grain]
      return Array.from({ length: (run.to - run.from) / size }, (_, index) => [run.from + index * size, size])
    })
    for (const [start, size] of pieces) expect(start! < cut && start! + size! > cut).toBe(false)
    expect(runs.every((run) => run.grain !== 'd')).toBe(true)
  })
})

describe('the fairness and latency arithmetic', () => {
  it("gives Jain's index 1 for equal allocations and 1/n when one takes all", () => {
    expect(jainIndex([1, 1, 1])).toBe(1)
    expect(jainIndex([3, 0, 0])).toBeCloseTo(1 / 3)
    expect(jainIndex([])).toBeNull()
  })

  it('puts a latency in the bin whose edges hold it', () => {
    expect(latencyBin(0)).toBe(0)
    expect(latencyBin(1)).toBe(1)
    const bin = latencyBin(333)
    expect(latencyBinEdges[bin - 1]).toBeLessThanOrEqual(333)
    expect(latencyBinEdges[bin]).toBeGreaterThan(333)
  })
})
