import { systemEventTypes } from '@corral/contracts'
import type { SystemEventType } from '@corral/contracts'
import { Errors } from '@corral/core'

const families = new Set(systemEventTypes.map((type) => type.split('.')[0]!))

/**
 * `?types=request.finished,backend`: exact types and families (the part before the dot; `audit` is
 * both). Undefined means every type. An unknown name is a 400 rather than a stream that stays silent.
 */
export function parseEventTypes(param: string | undefined): ReadonlySet<SystemEventType> | undefined {
  if (param === undefined || param.trim() === '') return undefined
  const wanted = new Set<SystemEventType>()
  for (const raw of param.split(',')) {
    const name = raw.trim()
    if (name === '') continue
    const matching = systemEventTypes.filter((type) => type === name || type.split('.')[0] === name)
    if (matching.length === 0) {
      throw new Errors.validation(
        `Unknown event type "${name.slice(0, 60)}"; known types: ${systemEventTypes.join(', ')} (or a family: ${[...families].join(', ')})`,
      )
    }
    for (const type of matching) wanted.add(type)
  }
  return wanted.size === 0 ? undefined : wanted
}
