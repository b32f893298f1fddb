import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SystemEvent } from '@corral/contracts'
import { EventBus } from '@corral/core'
import { EventOutbox, type OverflowReason } from '../../../src/events/event-outbox.ts'

function setup(limits = { flushIntervalMs: 200, maxPendingEvents: 100, maxBacklogBytes: 10_000 }) {
  const writes: string[] = []
  const sink = { backlog: 0, write: (chunk: string) => void writes.push(chunk) }
  const overflows: OverflowReason[] = []
  const outbox = new EventOutbox(sink, (reason) => overflows.push(reason), limits)
  const bus = new EventBus()
  bus.subscribe((event) => outbox.push(event))
  const audit = (action: string) =>
    bus.publish({
      type: 'audit',
      action,
      actor_id: null,
      actor_name: null,
      target_type: null,
      target_id: null,
    })
  return { writes, sink, overflows, outbox, bus, audit }
}

const framesOf = (text: string) => text.split('\n\n').filter(Boolean)

describe('the event outbox', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('writes the events of one interval in one batch, in order, as SSE messages', () => {
    const { writes, audit } = setup()
    audit('a')
    audit('b')
    audit('c')
    expect(writes).toEqual([])
    vi.advanceTimersByTime(199)
    expect(writes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(writes).toHaveLength(1)
    const frames = framesOf(writes[0]!)
    expect(frames).toHaveLength(3)
    expect(frames[0]).toMatch(/^id: 1\nevent: audit\ndata: \{.*"action":"a"/)
    expect(
      frames.map((frame) => JSON.parse(frame.split('data: ')[1]!) as SystemEvent).map((e) => e.seq),
    ).toEqual([1, 2, 3])
  })

  it('sets no timer while nothing happens', () => {
    const { writes, audit } = setup()
    audit('a')
    vi.advanceTimersByTime(200)
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10_000)
    expect(writes).toHaveLength(1)
  })

  it('writes a frame of its own after what is pending', () => {
    const { writes, outbox, audit } = setup()
    audit('a')
    outbox.send(': heartbeat\n\n')
    expect(writes).toHaveLength(2)
    expect(writes[1]).toBe(': heartbeat\n\n')
  })

  it('cuts off a subscriber whose client does not read, instead of holding ever more for it', () => {
    const { writes, sink, overflows, audit } = setup()
    audit('a')
    vi.advanceTimersByTime(200)
    sink.backlog = 10_001
    audit('b')
    vi.advanceTimersByTime(200)
    expect(overflows).toEqual(['client-too-slow'])
    expect(writes).toHaveLength(1)
    audit('c')
    vi.advanceTimersByTime(200)
    expect(writes).toHaveLength(1)
  })

  it('cuts off a subscriber when too many events wait for one flush', () => {
    const { overflows, audit } = setup({ flushIntervalMs: 200, maxPendingEvents: 5, maxBacklogBytes: 10_000 })
    for (let i = 0; i < 6; i++) audit(String(i))
    expect(overflows).toEqual(['too-many-pending'])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('serialises an event once for every subscriber', () => {
    const first = setup()
    const second = { writes: [] as string[] }
    const other = new EventOutbox({ backlog: 0, write: (chunk) => void second.writes.push(chunk) }, () => {})
    first.bus.subscribe((event) => other.push(event))
    const stringify = vi.spyOn(JSON, 'stringify')
    first.audit('shared')
    vi.advanceTimersByTime(200)
    expect(stringify).toHaveBeenCalledTimes(1)
    expect(second.writes).toEqual(first.writes)
    stringify.mockRestore()
  })
})
