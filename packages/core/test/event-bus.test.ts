import { describe, expect, it } from 'vitest'
import type { SystemEventInput } from '@corral/contracts'
import { EventBus } from '../src/events/event-bus.ts'

const registered = (username: string): SystemEventInput => ({
  type: 'user.registered',
  user_id: `id-${username}`,
  username,
  group_id: null,
})

describe('EventBus', () => {
  it('stamps increasing sequence numbers and the time, and tells every listener', () => {
    const bus = new EventBus({ now: () => Date.UTC(2026, 0, 1) })
    const seen: number[] = []
    bus.subscribe((event) => seen.push(event.seq))
    const first = bus.publish(registered('ada'))
    bus.publish(registered('bob'))
    expect(first).toMatchObject({ seq: 1, at: '2026-01-01T00:00:00.000Z', username: 'ada' })
    expect(seen).toEqual([1, 2])
    expect(bus.lastSeq).toBe(2)
  })

  it('filters by type and stops after unsubscribing', () => {
    const bus = new EventBus()
    const seen: string[] = []
    const stop = bus.subscribe((event) => seen.push(event.type), { types: new Set(['backend.up']) })
    bus.publish(registered('ada'))
    bus.publish({ type: 'backend.up', backend_id: 'b1', name: 'gpu-1' })
    stop()
    bus.publish({ type: 'backend.up', backend_id: 'b1', name: 'gpu-1' })
    expect(seen).toEqual(['backend.up'])
    expect(bus.subscriberCount).toBe(0)
  })

  it('keeps other listeners running when one throws, and reports the error', () => {
    const errors: unknown[] = []
    const bus = new EventBus({ onListenerError: (error) => errors.push(error) })
    const seen: number[] = []
    bus.subscribe(() => {
      throw new Error('faulty subscriber')
    })
    bus.subscribe((event) => seen.push(event.seq))
    expect(() => bus.publish(registered('ada'))).not.toThrow()
    expect(seen).toEqual([1])
    expect(errors).toHaveLength(1)
  })

  it('replays what a reconnecting subscriber missed, and says when the buffer no longer has it all', () => {
    const bus = new EventBus({ bufferSize: 3 })
    for (const name of ['a', 'b', 'c', 'd', 'e']) bus.publish(registered(name))
    expect(bus.since(3)).toEqual({
      complete: true,
      events: [expect.objectContaining({ seq: 4 }), expect.objectContaining({ seq: 5 })],
    })
    expect(bus.since(5)).toEqual({ complete: true, events: [] })
    const gap = bus.since(1)
    expect(gap.complete).toBe(false)
    expect(gap.events.map((event) => event.seq)).toEqual([3, 4, 5])
  })
})
