import { ConfigError } from './config-error.ts'
import { parseCidr } from '../net/cidr.ts'
import { normalizeHttpUrl } from '../net/http-url.ts'

export type Env = Readonly<Record<string, string | undefined>>

/** Empty strings count as unset: `FOO= corral start` should mean the default, not an error. */
export function readVariable(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

export function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readVariable(env, name)
  if (raw === undefined) return fallback
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`)
  return value
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Durations are written like `90s`, `10m` or `1500ms`; a bare number means seconds. */
export function parseDuration(env: Env, name: string, fallbackMs: number): number {
  const raw = readVariable(env, name)
  if (raw === undefined) return fallbackMs
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw)
  if (!match) throw new ConfigError(name, `expected a duration such as 30s, 10m or 1500ms, got "${raw}"`)
  const value = Math.round(Number(match[1]) * durationUnits[match[2] ?? 's']!)
  if (value <= 0) throw new ConfigError(name, 'must be greater than zero')
  return value
}

export function parseUrlList(env: Env, name: string, fallback: string): string[] {
  const raw = readVariable(env, name) ?? fallback
  const urls = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  return urls.map((text) => {
    const url = normalizeHttpUrl(text)
    if (!url)
      throw new ConfigError(name, `"${text}" is not an http(s) URL (expected e.g. http://127.0.0.1:11434)`)
    return url
  })
}

export function parseCidrList(env: Env, name: string): string[] {
  const raw = readVariable(env, name)
  if (raw === undefined) return []
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((text) => {
      const cidr = parseCidr(text)
      if (!cidr) throw new ConfigError(name, `"${text}" is not an IPv4 or IPv6 address or CIDR`)
      return cidr.text
    })
}

export function parseChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = readVariable(env, name)
  if (raw === undefined) return fallback
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`)
  }
  return raw as T
}
