import { quarterHourMs } from '@corral/core'

const hourMs = 3_600_000
const dayMs = 86_400_000

export type Grain = 'q' | 'h' | 'd'

/** Consecutive rollup pieces of one grain: `[from, to)`. */
export interface CoverRun {
  grain: Grain
  from: number
  to: number
}

/**
 * The fewest rollup pieces (UTC days, UTC hours, quarter hours) that tile `[from, to)`, never crossing
 * a `cut` (the dashboard's bucket boundaries, when rows must fall in one bucket each), merged into
 * runs of one grain. `from`, `to` and the cuts lie on the quarter-hour grid. Thirty days in UTC are at
 * most five runs (quarters, hours, days, hours, quarters); cut into +05:30 days, two runs a day.
 */
export function rangeCover(from: number, to: number, cuts: readonly number[] = []): CoverRun[] {
  const runs: CoverRun[] = []
  const ends = [...cuts.filter((cut) => cut > from && cut < to), to].sort((a, b) => a - b)
  let at = from
  for (const end of ends) {
    while (at < end) {
      const [grain, size]: [Grain, number] =
        at % dayMs === 0 && at + dayMs <= end
          ? ['d', dayMs]
          : at % hourMs === 0 && at + hourMs <= end
            ? ['h', hourMs]
            : ['q', quarterHourMs]
      const last = runs.at(-1)
      if (last && last.grain === grain && last.to === at) last.to = at + size
      else runs.push({ grain, from: at, to: at + size })
      at += size
    }
  }
  return runs
}
