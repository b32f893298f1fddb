/** The series of a Prometheus text exposition (what `/metrics` answers): sample name → label sets. */
export type ScrapedSeries = Map<string, Record<string, string>[]>

const sampleLine = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+\S+/
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
    list.push(labels)
    series.set(found[1]!, list)
  }
  return series
}
