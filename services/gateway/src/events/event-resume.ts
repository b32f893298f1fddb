import type { SystemEvent, SystemEventType } from '@corral/contracts'
import type { EventBus } from '@corral/core'

/**
 * Where a reconnecting subscriber resumes: the `Last-Event-ID` header its EventSource-like client
 * sends, else `?since=`. A header that is not a sequence number counts as none (a fresh start).
 */
export function resumePoint(lastEventId: unknown, since: number | undefined): number | undefined {
  if (typeof lastEventId === 'string' && /^\d{1,15}$/.test(lastEventId.trim()))
    return Number(lastEventId.trim())
  return since
}

export type Opening = { reset: boolean; events: SystemEvent[] }

/**
 * What a subscriber is sent before the live events: nothing for a fresh start; the kept events after
 * its resume point; or a reset when some of them are gone, or when the point is ahead of this process
 * (it restarted and numbers from 1 again). Call it in the same synchronous step as `subscribe`, so no
 * event falls between the replay and the live stream.
 */
export function openingFor(
  bus: EventBus,
  resumeAfter: number | undefined,
  types: ReadonlySet<SystemEventType> | undefined,
): Opening {
  if (resumeAfter === undefined) return { reset: false, events: [] }
  if (resumeAfter > bus.lastSeq) return { reset: true, events: [] }
  const replay = bus.since(resumeAfter, { types })
  return replay.complete ? { reset: false, events: replay.events } : { reset: true, events: [] }
}
