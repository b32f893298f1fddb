import { targetNames } from '../load/target.ts'
import { verdict, type Row, type Unit } from './row.ts'

const digits: Record<Unit, (value: number) => number> = {
  ms: (value) => (Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0),
  µs: (value) => (value < 10 ? 2 : 1),
  'req/s': () => 0,
  'tok/s': () => 0,
  'req/CPU-s': () => 0,
  index: () => 3,
  count: () => 0,
  MB: (value) => (Math.abs(value) < 10 ? 2 : 1),
  bytes: () => 0,
  '%': () => 0,
}

export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined) return '—'
  if (!Number.isFinite(value)) return String(value)
  const text = value.toFixed(digits[unit](value))
  return unit === 'index' || unit === 'count' ? text : `${text} ${unit}`
}

function comparison(row: Row, against: 'direct' | 'nginx'): string {
  const kind = row.compare?.[against]
  const corral = row.values.corral
  const other = row.values[against]
  if (!kind || corral === undefined || other === undefined) return '—'
  if (kind === 'ratio') return `×${(corral / other).toFixed(2)}`
  const diff = corral - other
  return `${diff >= 0 ? '+' : '−'}${formatValue(Math.abs(diff), row.unit)}`
}

/** The results as a Markdown table (readable as it is in a terminal, and pasted into docs/performance.md). */
export function renderTable(rows: readonly Row[]): string {
  const header = [
    'Scenario',
    'Figure',
    ...targetNames.map((name) => (name === 'corral' ? 'Corral' : name)),
    'Corral vs direct',
    'Corral vs nginx',
    'Target',
    'Result',
  ]
  const lines = rows.map((row) => [
    row.scenario,
    row.figure,
    ...targetNames.map((name) => formatValue(row.values[name], row.unit)),
    comparison(row, 'direct'),
    comparison(row, 'nginx'),
    row.criterion?.text ?? '—',
    verdict(row),
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  )
  const render = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n')
}
