/**
 * Waits `ms` (or one event-loop turn when 0) and resolves true, or resolves false as soon as `signal` aborts.
 * Resolving instead of rejecting keeps the per-token hot path free of exceptions.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const onAbort = (): void => {
      if (ms > 0) clearTimeout(timer as NodeJS.Timeout)
      else clearImmediate(timer as NodeJS.Immediate)
      resolve(false)
    }
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort)
      resolve(true)
    }
    const timer = ms > 0 ? setTimeout(done, ms) : setImmediate(done)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Resolves true when `promise` settles first, false when `signal` aborts first. */
export function untilAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(false)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort)
        resolve(true)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
