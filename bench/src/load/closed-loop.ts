/**
 * `workers` loops that each run `task` back to back until `running()` turns false: a closed-loop
 * load with exactly `workers` requests in flight. Resolves when every loop has stopped.
 */
export async function closedLoop(
  workers: number,
  running: () => boolean,
  task: (worker: number) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (running()) await task(worker)
    }),
  )
}

/** A window of time: `running()` until `endsAt`, measurement between `from` and `endsAt`. */
export function timeWindow(warmupMs: number, measureMs: number) {
  const now = performance.now()
  const from = now + warmupMs
  const endsAt = from + measureMs
  return {
    from,
    endsAt,
    running: () => performance.now() < endsAt,
    inWindow: (at: number) => at >= from && at < endsAt,
  }
}
