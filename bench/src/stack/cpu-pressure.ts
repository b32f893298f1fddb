import { existsSync, readFileSync } from 'node:fs'

const psi = '/proc/pressure/cpu'

/** Microseconds some runnable task has waited for a CPU since boot (Linux PSI), or undefined. */
function stalledMicros(): number | undefined {
  if (!existsSync(psi)) return undefined
  const total = /^some .*total=(\d+)/m.exec(readFileSync(psi, 'utf8'))?.[1]
  return total === undefined ? undefined : Number(total)
}

/**
 * How busy the machine was besides the benchmark: a shared or noisy machine shows up here, and its
 * figures (tails above all) should be read with that in mind. Returns a function giving the percentage.
 */
export function watchCpuPressure(): () => number | undefined {
  const start = stalledMicros()
  const started = performance.now()
  return () => {
    const now = stalledMicros()
    if (start === undefined || now === undefined) return undefined
    return ((now - start) / 1000 / (performance.now() - started)) * 100
  }
}
