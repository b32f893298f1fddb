import { HttpError } from '../http/http-error.ts'
import type { JsonObject } from '../http/read-body.ts'

const unitNs: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
}

/**
 * `keep_alive` as Ollama's `api.Duration` reads it: a number of seconds or a Go duration string (`"5m"`,
 * `"1h30m"`); negative means forever. Returns milliseconds, or undefined when absent.
 */
export function parseKeepAlive(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number') return value < 0 ? -1 : value * 1000
  if (typeof value !== 'string') {
    throw new HttpError(
      400,
      `Unsupported type: '${Array.isArray(value) ? '[]interface {}' : goTypeOf(value)}'`,
    )
  }
  const ns = parseGoDuration(value)
  return ns < 0 ? -1 : ns / 1e6
}

function goTypeOf(value: unknown): string {
  return typeof value === 'boolean' ? 'bool' : 'map[string]interface {}'
}

/** Go's `time.ParseDuration`, with its error messages. */
function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text)
  let rest = text
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1
    rest = rest.slice(1)
  }
  if (rest === '0') return 0
  if (rest === '') throw new HttpError(400, `time: invalid duration ${quoted}`)
  let total = 0
  const part = /^(\d*\.?\d*)([a-zµμ]*)/
  while (rest !== '') {
    const match = part.exec(rest)!
    const [whole, number, unit] = match
    if (number === '' || number === '.') throw new HttpError(400, `time: invalid duration ${quoted}`)
    if (unit === '') throw new HttpError(400, `time: missing unit in duration ${quoted}`)
    // Both groups always take part in a match (possibly empty), so `unit` is a string.
    const scale = unitNs[unit!]
    if (scale === undefined)
      throw new HttpError(400, `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`)
    total += Number(number) * scale
    rest = rest.slice(whole.length)
  }
  return sign * total
}

export type Think = boolean | 'high' | 'medium' | 'low' | 'max' | undefined

/** `think`: a bool or a level, with the errors of `ThinkValue.UnmarshalJSON`. */
export function parseThink(value: unknown): Think {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    if (value === 'high' || value === 'medium' || value === 'low' || value === 'max') return value
    throw new HttpError(
      400,
      `invalid think value: ${JSON.stringify(value)} (must be "high", "medium", "low", "max", true, or false)`,
    )
  }
  throw new HttpError(
    400,
    'think must be a boolean or string ("high", "medium", "low", "max", true, or false)',
  )
}

/**
 * The number of tokens to produce and why generation stops. `num_predict` (or `max_tokens`) sets the length
 * exactly and ends with `length`, as a real model cut off by the limit would; without it the model "stops"
 * on its own after `responseTokens`. Ollama treats negative values as "no limit".
 */
export function outputLength(
  options: JsonObject | undefined,
  responseTokens: number,
): { tokens: number; doneReason: 'stop' | 'length' } {
  const limit = options?.num_predict
  if (limit !== undefined && limit !== null && typeof limit !== 'number') {
    throw new HttpError(400, 'option "num_predict" must be of type integer')
  }
  if (typeof limit === 'number' && limit > 0) return { tokens: Math.floor(limit), doneReason: 'length' }
  return { tokens: responseTokens, doneReason: 'stop' }
}
