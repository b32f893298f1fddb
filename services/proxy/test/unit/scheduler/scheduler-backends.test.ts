import { describe, expect, it } from 'vitest'
import { backend, SchedulerHarness } from './scheduler-harness.ts'

const only = (...models: string[]) => new Set(models)

describe('scheduler backends', () => {
  it('runs a request only on a backend that lists its model', () => {
    const harness = new SchedulerHarness({}, [
      backend('coder', { models: only('qwen-coder') }),
      backend('chat', { models: only('llama3') }),
    ])
    harness.add('r1', { model: 'llama3' })
    harness.add('r2', { model: 'llama3' })
    expect(harness.lease('r1').backendId).toBe('chat')
    expect(harness.dispatched).toEqual(['r1'])
  })

  it('treats a backend whose models are unknown as able to serve anything', () => {
    const harness = new SchedulerHarness({}, [backend('fresh', { models: null })])
    harness.add('r1', { model: 'anything' })
    expect(harness.lease('r1').backendId).toBe('fresh')
  })

  it('sends a model no backend lists to any healthy backend, so the upstream answers "model not found"', () => {
    const harness = new SchedulerHarness({}, [
      backend('sick', { healthy: false }),
      backend('chat', { models: only('llama3') }),
    ])
    harness.add('r1', { model: 'no-such-model' })
    expect(harness.lease('r1').backendId).toBe('chat')
  })

  it('does not fall back for a model that an unhealthy backend lists: it waits for that backend', () => {
    const harness = new SchedulerHarness({}, [
      backend('big', { models: only('llama3:70b'), healthy: false }),
      backend('chat', { models: only('llama3') }),
    ])
    harness.add('r1', { model: 'llama3:70b' })
    expect(harness.dispatched).toEqual([])
    harness.scheduler.setBackend(backend('big', { models: only('llama3:70b') }))
    expect(harness.lease('r1').backendId).toBe('big')
  })

  it('prefers a backend that already has the model loaded', () => {
    const harness = new SchedulerHarness({}, [
      backend('roomy', { slots: 4 }),
      backend('warm', { slots: 1, loadedModels: only('llama3') }),
    ])
    harness.add('r1')
    expect(harness.lease('r1').backendId).toBe('warm')
  })

  it('then prefers the backend with the most free slots, then the one added first', () => {
    const harness = new SchedulerHarness({}, [
      backend('first', { slots: 2 }),
      backend('second', { slots: 3 }),
      backend('third', { slots: 3 }),
    ])
    harness.add('r1', { model: 'a' })
    harness.add('r2', { model: 'b' })
    expect(harness.lease('r1').backendId).toBe('second')
    expect(harness.lease('r2').backendId).toBe('third')
  })

  it('marks the model as loaded on the backend it was sent to', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 }), backend('b2', { slots: 2 })])
    harness.add('r1', { model: 'mistral' })
    harness.add('r2', { model: 'mistral' })
    expect(harness.lease('r2').backendId).toBe(harness.lease('r1').backendId)
    const backends = harness.scheduler.snapshot().backends
    expect(backends.find((entry) => entry.id === 'b1')?.loadedModels).toEqual(['mistral'])
  })

  it('sends nothing new to a draining or unhealthy backend, and resumes when it is back', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2, draining: true })])
    harness.add('r1')
    expect(harness.dispatched).toEqual([])
    harness.scheduler.setBackend(backend('b1', { slots: 2, healthy: false }))
    harness.add('r2')
    expect(harness.dispatched).toEqual([])
    harness.scheduler.setBackend(backend('b1', { slots: 2 }))
    expect(harness.dispatched).toEqual(['r1', 'r2'])
  })

  it('lets running requests finish on a draining backend', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 2 })])
    harness.add('r1')
    harness.add('r2')
    harness.scheduler.setBackend(backend('b1', { slots: 2, draining: true }))
    harness.add('r3')
    harness.complete('r1')
    expect(harness.dispatched).toEqual(['r1', 'r2'])
    expect(harness.scheduler.snapshot().backends[0]).toMatchObject({ busy: 1, draining: true })
  })

  it('after slots are lowered below the running count, dispatches only once enough requests finish', () => {
    const harness = new SchedulerHarness({}, [backend('b1', { slots: 3 })])
    for (const id of ['r1', 'r2', 'r3', 'r4']) harness.add(id)
    harness.scheduler.setBackend(backend('b1', { slots: 1 }))
    harness.complete('r1')
    harness.complete('r2')
    expect(harness.dispatched).toEqual(['r1', 'r2', 'r3'])
    harness.complete('r3')
    expect(harness.dispatched).toEqual(['r1', 'r2', 'r3', 'r4'])
    expect(harness.scheduler.stats().slotViolations).toBe(0)
  })

  it('dispatches at once when slots are raised or a backend is added', () => {
    const harness = new SchedulerHarness()
    for (const id of ['r1', 'r2', 'r3', 'r4']) harness.add(id)
    harness.scheduler.setBackend(backend('b1', { slots: 2 }))
    expect(harness.dispatched).toEqual(['r1', 'r2'])
    harness.scheduler.setBackend(backend('b2', { slots: 5 }))
    expect(harness.dispatched).toEqual(['r1', 'r2', 'r3', 'r4'])
  })

  it('keeps leases on a removed backend valid without counting them anywhere', () => {
    const harness = new SchedulerHarness()
    harness.add('r1')
    harness.add('r2')
    harness.scheduler.removeBackend('b1')
    expect(harness.scheduler.snapshot().backends).toEqual([])
    harness.scheduler.setBackend(backend('b1'))
    expect(harness.dispatched).toEqual(['r1', 'r2'])
    harness.complete('r1')
    expect(harness.scheduler.snapshot().backends[0]).toMatchObject({ id: 'b1', busy: 1 })
    expect(harness.scheduler.stats()).toMatchObject({ running: 1, completed: 1, slotViolations: 0 })
  })

  it('lets requests run anywhere once the only backend listing their model is removed', () => {
    const harness = new SchedulerHarness({}, [
      backend('special', { models: only('rare'), healthy: false }),
      backend('general', { models: only('llama3') }),
    ])
    harness.add('r1', { model: 'rare' })
    expect(harness.dispatched).toEqual([])
    harness.scheduler.removeBackend('special')
    expect(harness.lease('r1').backendId).toBe('general')
  })

  it('refuses a backend with a nonsense slot count', () => {
    const harness = new SchedulerHarness()
    expect(() => harness.scheduler.setBackend(backend('b2', { slots: -1 }))).toThrow(RangeError)
    expect(() => harness.scheduler.setBackend(backend('b2', { slots: 1.5 }))).toThrow(RangeError)
  })

  it('tells whether any healthy backend serves a model, busy or not', () => {
    const harness = new SchedulerHarness({}, [
      backend('big', { models: only('llama3:70b'), healthy: false }),
      backend('chat', { models: only('llama3'), slots: 1 }),
    ])
    harness.add('r1', { model: 'llama3' })
    expect(harness.scheduler.canServe('llama3')).toBe(true)
    expect(harness.scheduler.canServe('llama3:70b')).toBe(false)
    expect(harness.scheduler.canServe('no-such-model')).toBe(true)
    harness.scheduler.setBackend(backend('chat', { models: only('llama3'), draining: true }))
    expect(harness.scheduler.canServe('llama3')).toBe(false)
  })
})
