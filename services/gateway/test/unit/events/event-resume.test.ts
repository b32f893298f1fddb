import { describe, expect, it } from 'vitest'
import { EventBus } from '@corral/core'
import { openingFor, resumePoint } from '../../../src/events/event-resume.ts'
import { parseEventTypes } from '../../../src/events/event-types-filter.ts'

function busWith(count: number, bufferSize = 2000) {
  const bus = new EventBus({ bufferSize })
  for (let i = 0; i < count; i++)
    bus.publish({
      type: i % 2 === 0 ? 'audit' : 'settings.changed',
      ...(i % 2 === 0
        ? { action: `a${i}`, actor_id: null, actor_name: null, target_type: null, target_id: null }
        : { sections: ['queue'], actor_id: null }),
    } as Parameters<EventBus['publish']>[0])
  return bus
}

describe('resuming the event stream', () => {
  it('takes Last-Event-ID over ?since, and ignores an id that is not a sequence number', () => {
    expect(resumePoint('42', 7)).toBe(42)
    expect(resumePoint(undefined, 7)).toBe(7)
    expect(resumePoint('not-a-number', undefined)).toBeUndefined()
    expect(resumePoint('12abc', 3)).toBe(3)
  })

  it('sends nothing before the live events on a fresh start', () => {
    expect(openingFor(busWith(5), undefined, undefined)).toEqual({ reset: false, events: [] })
  })

  it('replays the kept events after the resume point, filtered by type', () => {
    const bus = busWith(6)
    expect(openingFor(bus, 2, undefined).events.map((event) => event.seq)).toEqual([3, 4, 5, 6])
    const audits = openingFor(bus, 2, parseEventTypes('audit'))
    expect(audits).toMatchObject({ reset: false })
    expect(audits.events.map((event) => event.seq)).toEqual([3, 5])
    expect(openingFor(bus, 6, undefined)).toEqual({ reset: false, events: [] })
  })

  it('resets when events after the resume point are gone from the buffer', () => {
    const bus = busWith(20, 10)
    // Kept: 11 to 20. After 10 nothing is missing; after 9, event 10 is.
    expect(openingFor(bus, 10, undefined).events.map((event) => event.seq)).toEqual([
      11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ])
    expect(openingFor(bus, 9, undefined)).toEqual({ reset: true, events: [] })
  })

  it('resets when the resume point is ahead of this process (it restarted)', () => {
    expect(openingFor(busWith(3), 50, undefined)).toEqual({ reset: true, events: [] })
  })
})

describe('the ?types filter', () => {
  it('takes exact types and families', () => {
    expect([...parseEventTypes('request.finished, backend')!].sort()).toEqual([
      'backend.added',
      'backend.down',
      'backend.drained',
      'backend.removed',
      'backend.slots',
      'backend.up',
      'request.finished',
    ])
    expect([...parseEventTypes('audit')!]).toEqual(['audit'])
  })

  it('means every type when empty', () => {
    expect(parseEventTypes(undefined)).toBeUndefined()
    expect(parseEventTypes(' ')).toBeUndefined()
  })

  it('refuses an unknown name with a validation error naming it', () => {
    expect(() => parseEventTypes('request,bogus')).toThrow(/Unknown event type "bogus"/)
  })
})
