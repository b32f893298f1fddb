import type { StatsQuery } from '@corral/contracts'
import { param } from './url-state.ts'

/** The range presets the dashboards and the fairness view offer, with their labels. */
export const rangePresets = [
  { value: '15m', label: '15 min' },
  { value: '1h', label: '1 h' },
  { value: '6h', label: '6 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
  { value: 'mtd', label: 'Month to date' },
  { value: 'custom', label: 'Custom' },
] as const
export type RangePreset = (typeof rangePresets)[number]['value']

/** The range in the URL (`?range=7d`, or `?range=custom&from=…&to=…`), so a view can be shared. */
export const statsRangeSpec = {
  range: param.oneOf(
    rangePresets.map((preset) => preset.value),
    '24h',
  ),
  from: param.string(),
  to: param.string(),
  tz: param.string(),
}

export interface StatsRangeState {
  range: RangePreset
  from: string
  to: string
  tz: string
}

/** What the API is asked: a preset, or a custom range once both ends are set. */
export function statsQueryOf(state: StatsRangeState): StatsQuery {
  const tz = state.tz || undefined
  if (state.range === 'custom') {
    if (state.from && state.to) return { from: state.from, to: state.to, tz }
    return { preset: '24h', tz }
  }
  return { preset: state.range, tz }
}

/**
 * A link into the request log (another page, built elsewhere) filtered to a figure. The log reads
 * exactly these parameters: user, key, group, model, backend, endpoint, status (a code or a class
 * like `5xx`), from and to (ISO 8601).
 */
export interface RequestLogFilter {
  user?: string
  key?: string
  group?: string
  model?: string
  backend?: string
  endpoint?: string
  status?: string
  from: string
  to: string
}

export function requestLogSearch(filter: RequestLogFilter): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(filter) as [string, string | undefined][]) {
    if (value) params.set(name, value)
  }
  return `?${params.toString()}`
}
