import type { RequestLogFilter } from '../../../lib/stats-range.ts'

/** Where a figure leads: the request log, filtered to it (the route supplies the page's path). */
export type RequestLogHref = (filter: RequestLogFilter) => string

/** The request log's `to` for a bucket: its end, clipped to the range. */
export function bucketEnd(starts: readonly string[], index: number, rangeTo: string): string {
  return starts[index + 1] ?? rangeTo
}
