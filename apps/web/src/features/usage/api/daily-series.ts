export interface DailyUsage {
  /** `YYYY-MM-DD`, a UTC day as the server buckets them. */
  day: string
  requests: number
  prompt_tokens: number
  output_tokens: number
}

interface Bucket {
  bucket_start: string
  requests: number
  prompt_tokens: number
  output_tokens: number
}

const dayMs = 86_400_000

/** The first UTC midnight of a range of `days` days ending today. */
export function rangeStart(days: number, now = Date.now()): string {
  const today = Math.floor(now / dayMs) * dayMs
  return new Date(today - (days - 1) * dayMs).toISOString()
}

/** One entry per day from `from` to today, zeros where nothing was used, so the chart has no gaps. */
export function dailySeries(from: string, buckets: Bucket[], now = Date.now()): DailyUsage[] {
  const totals = new Map<string, DailyUsage>()
  for (const bucket of buckets) {
    const day = bucket.bucket_start.slice(0, 10)
    const entry = totals.get(day) ?? { day, requests: 0, prompt_tokens: 0, output_tokens: 0 }
    entry.requests += bucket.requests
    entry.prompt_tokens += Number(bucket.prompt_tokens)
    entry.output_tokens += Number(bucket.output_tokens)
    totals.set(day, entry)
  }
  const series: DailyUsage[] = []
  for (let time = Date.parse(from); time <= now; time += dayMs) {
    const day = new Date(time).toISOString().slice(0, 10)
    series.push(totals.get(day) ?? { day, requests: 0, prompt_tokens: 0, output_tokens: 0 })
  }
  return series
}
