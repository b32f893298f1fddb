import { quarterHourMs } from '@corral/core'

const hourMs = 3_600_000
const dayMs = 86_400_000

export interface Cover {
  grains: ('q' | 'h' | 'd')[]
  starts: string[]
}

/**
 * The fewest rollup pieces (UTC days, UTC hours, quarter hours) that tile `[from, to)`, never crossing
 * a `cut` (the dashboard's bucket boundaries, when rows must fall in one bucket each). `from`, `to`
 * and the cuts lie on the quarter-hour grid. Thirty days in UTC are 30 pieces; a day in a +05:30 zone
 * is 2 quarters, 23 hours and 2 quarters at worst.
 */
export function rangeCover(from: number, to: number, cuts: readonly number[] = []): Cover {
  const cover: Cover = { grains: [], starts: [] }
  const ends = [...cuts.filter((cut) => cut > from && cut < to), to].sort((a, b) => a - b)
  let at = from
  for (const end of ends) {
    while (at < end) {
      const [grain, size] =
        at % dayMs === 0 && at + dayMs <= end
          ? (['d', dayMs] as const)
          : at % hourMs === 0 && at + hourMs <= end
            ? (['h', hourMs] as const)
            : (['q', quarterHourMs] as const)
      cover.grains.push(grain)
      cover.starts.push(new Date(at).toISOString())
      at += size
    }
  }
  return cover
}
