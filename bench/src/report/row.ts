import type { TargetName } from '../load/target.ts'
import type { LoopWatch } from '../stack/loop-watch.ts'

export type Unit = 'ms' | 'µs' | 'req/s' | 'tok/s' | 'index' | 'count' | 'MB' | 'bytes' | '%' | 'req/CPU-s'

export interface Criterion {
  /** e.g. `≤ 1 ms`; shown in the Target column. */
  text: string
  /** The number judged against the limit (Corral's figure, or its difference or ratio). */
  value: number
  op: '<=' | '>='
  limit: number
}

/** One line of the results table. */
export interface Row {
  scenario: string
  figure: string
  unit: Unit
  values: Partial<Record<TargetName, number>>
  /** How Corral's figure is compared with direct access and with nginx. */
  compare?: { direct?: 'diff' | 'ratio'; nginx?: 'diff' | 'ratio' }
  criterion?: Criterion
}

export type Verdict = 'PASS' | 'MISS' | 'info'

export function verdict(row: Row): Verdict {
  const criterion = row.criterion
  if (!criterion) return 'info'
  if (!Number.isFinite(criterion.value)) return 'MISS'
  return (criterion.op === '<=' ? criterion.value <= criterion.limit : criterion.value >= criterion.limit)
    ? 'PASS'
    : 'MISS'
}

export function atMost(text: string, value: number, limit: number): Criterion {
  return { text, value, op: '<=', limit }
}

export function atLeast(text: string, value: number, limit: number): Criterion {
  return { text, value, op: '>=', limit }
}

/** Values for the target columns; undefined leaves a column empty. */
export function byTarget(
  pick: (name: TargetName, index: number) => number | undefined,
): Partial<Record<TargetName, number>> {
  const values: Partial<Record<TargetName, number>> = {}
  ;(['direct', 'nginx', 'corral'] as const).forEach((name, index) => {
    const value = pick(name, index)
    if (value !== undefined) values[name] = value
  })
  return values
}

/** Corral's worst event-loop stall during a scenario's measured parts (a long stall delays every request). */
export function loopRow(scenario: string, loop: LoopWatch): Row {
  return {
    scenario,
    figure: `Corral event-loop delay max (worst p99 ${loop.worst.p99.toFixed(1)} ms; longest GC pause ${loop.worst.gcMax.toFixed(1)} ms)`,
    unit: 'ms',
    values: { corral: loop.worst.max },
  }
}
