let cachedSecond = -1
let cachedPrefix = ''

/**
 * Go's RFC 3339 with nanoseconds (`2025-10-26T17:21:21.196249123Z`, trailing zeros trimmed). Node has no
 * nanosecond wall clock, so the sub-millisecond digits come from `performance.now()`. Called for every
 * streamed chunk, hence the cached date prefix.
 */
export function rfc3339Nano(epochMs: number = performance.timeOrigin + performance.now()): string {
  const second = Math.floor(epochMs / 1000)
  if (second !== cachedSecond) {
    cachedSecond = second
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19)
  }
  let nanos = Math.floor((epochMs - second * 1000) * 1e6)
  if (nanos === 0) return cachedPrefix + 'Z'
  let digits = 9
  while (nanos % 10 === 0) {
    nanos /= 10
    digits--
  }
  return `${cachedPrefix}.${String(nanos).padStart(digits, '0')}Z`
}

export function unixSeconds(epochMs: number = Date.now()): number {
  return Math.floor(epochMs / 1000)
}
