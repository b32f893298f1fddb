import { Pool } from 'undici'

export type TargetName = 'direct' | 'nginx' | 'corral'
export const targetNames: readonly TargetName[] = ['direct', 'nginx', 'corral']

/** Where a request goes, and the headers it needs there (Corral: an API key). */
export interface Target {
  name: TargetName
  url: string
  headers: Record<string, string>
}

/** Keep-alive connections to one target, as many as the load needs at once. */
export function openPool(target: Target, connections: number): Pool {
  return new Pool(target.url, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 120_000,
    keepAliveMaxTimeout: 120_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  })
}

/** Rounds visit the targets in a rotating order, so drift and warm-up affect each one alike. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const start = round % items.length
  return [...items.slice(start), ...items.slice(0, start)]
}
