export interface Sample {
  labels: Record<string, string>
  value: number
}

/** The samples of a Prometheus text exposition (what `/metrics` answers), by sample name. */
export type ScrapedSeries = Map<string, Sample[]>

const sampleLine = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/
const labelPair = /([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"/g

export function parsePrometheusText(text: string): ScrapedSeries {
  const series: ScrapedSeries = new Map()
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue
    const found = sampleLine.exec(line)
    if (!found) throw new Error(`not a sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const [, name, value] of (found[2] ?? '').matchAll(labelPair)) labels[name!] = value!
    const list = series.get(found[1]!) ?? []
    list.push({ labels, value: Number(found[3]) })
    series.set(found[1]!, list)
  }
  return series
}

/** The sum of the samples of `name` whose labels include `labels` (0 when there is none). */
export function sampleSum(series: ScrapedSeries, name: string, labels: Record<string, string> = {}): number {
  const matching = (series.get(name) ?? []).filter((sample) =>
    Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  )
  return matching.reduce((sum, sample) => sum + sample.value, 0)
}
