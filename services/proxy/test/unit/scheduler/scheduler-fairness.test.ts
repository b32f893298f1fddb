import { describe, expect, it } from 'vitest'
import { SchedulerHarness } from './scheduler-harness.ts'

interface Client {
  userId: string
  weight: number
  promptTokens: number
  outputTokens: number
}

/**
 * Keeps every client backlogged (three requests waiting) on one slot for `completions` requests, and
 * returns the service each received, in VTC's unit: prompt tokens + 2 × output tokens.
 */
function serveBacklogged(clients: Client[], completions: number): Map<string, number> {
  const harness = new SchedulerHarness()
  const served = new Map(clients.map((client) => [client.userId, 0]))
  const byRequest = new Map<string, Client>()
  let next = 0
  const submit = (client: Client) => {
    const id = `${client.userId}-${next++}`
    byRequest.set(id, client)
    harness.add(id, {
      userId: client.userId,
      weight: client.weight,
      estimatedPromptTokens: client.promptTokens,
    })
  }
  for (const client of clients) for (let i = 0; i < 3; i++) submit(client)
  for (let i = 0; i < completions; i++) {
    // One slot and a constant backlog: each completion dispatches the next request, so entry i exists.
    const id = harness.dispatched[i]!
    const client = byRequest.get(id)!
    harness.clock.advance(client.outputTokens * 10)
    served.set(client.userId, served.get(client.userId)! + client.promptTokens + 2 * client.outputTokens)
    submit(client)
    harness.complete(id, client)
  }
  return served
}

describe('scheduler fair sharing (virtual token counters)', () => {
  it('gives two backlogged users equal token service, not equal request counts', () => {
    const heavy = { userId: 'heavy', weight: 1, promptTokens: 2000, outputTokens: 1000 }
    const light = { userId: 'light', weight: 1, promptTokens: 100, outputTokens: 50 }
    const served = serveBacklogged([heavy, light], 2000)
    const heavyCost = 2000 + 2 * 1000
    // VTC's bound: two backlogged users' service differs by at most about twice the largest request.
    expect(Math.abs(served.get('heavy')! - served.get('light')!)).toBeLessThanOrEqual(2 * heavyCost)
    expect(served.get('light')).toBeGreaterThan(100_000)
  })

  it('gives backlogged users service in proportion to their weights', () => {
    const served = serveBacklogged(
      [
        { userId: 'team', weight: 3, promptTokens: 300, outputTokens: 200 },
        { userId: 'guest', weight: 1, promptTokens: 300, outputTokens: 200 },
      ],
      800,
    )
    expect(served.get('team')! / served.get('guest')!).toBeCloseTo(3, 1)
  })

  it("puts a light user's single request ahead of a heavy user's backlog", () => {
    const harness = new SchedulerHarness()
    for (let i = 0; i < 20; i++) harness.add(`heavy-${i}`, { userId: 'heavy', estimatedPromptTokens: 500 })
    for (let i = 0; i < 5; i++) harness.complete(`heavy-${i}`, { promptTokens: 500, outputTokens: 500 })
    harness.add('light-0', { userId: 'light', estimatedPromptTokens: 50 })
    harness.complete('heavy-5', { promptTokens: 500, outputTokens: 500 })
    expect(harness.dispatched.at(-1)).toBe('light-0')
  })

  it('lifts a returning idle user to the lowest waiting counter, so idle time banks no credit', () => {
    const harness = new SchedulerHarness()
    harness.add('early', { userId: 'returning' })
    harness.complete('early')
    for (let i = 0; i < 60; i++) harness.add(`busy-${i}`, { userId: 'busy' })
    for (let i = 0; i < 30; i++) harness.complete(`busy-${i}`, { promptTokens: 100, outputTokens: 100 })
    for (let i = 0; i < 10; i++) harness.add(`back-${i}`, { userId: 'returning' })
    expect(harness.counter('returning')).toBe(harness.counter('busy'))

    const before = harness.dispatched.length
    for (let i = 0; i < 10; i++)
      harness.complete(harness.dispatched.at(-1)!, { promptTokens: 100, outputTokens: 100 })
    const next = harness.dispatched.slice(before, before + 10)
    const returning = next.filter((id) => id.startsWith('back-')).length
    // Without the lift, the returning user would take all ten: its counter was 300 × 30 behind.
    expect(returning).toBeGreaterThanOrEqual(4)
    expect(returning).toBeLessThanOrEqual(6)
  })

  it('with nobody waiting, lifts a returning user to the counter of the user served last', () => {
    const harness = new SchedulerHarness()
    harness.add('old', { userId: 'idle' })
    harness.complete('old', { promptTokens: 1, outputTokens: 0 })
    harness.add('job', { userId: 'worker', estimatedPromptTokens: 5000 })
    harness.complete('job', { promptTokens: 5000, outputTokens: 0 })
    harness.add('back', { userId: 'idle', estimatedPromptTokens: 0 })
    expect(harness.counter('worker')).toBeGreaterThan(5000)
    expect(harness.counter('idle')).toBe(harness.counter('worker'))
  })

  it('forgets long-idle users without handing them credit when they return', () => {
    const harness = new SchedulerHarness({ userIdleMs: 60_000 })
    harness.add('once', { userId: 'visitor', estimatedPromptTokens: 1 })
    harness.complete('once', { promptTokens: 1, outputTokens: 0 })
    harness.add('grind-0', { userId: 'grinder', estimatedPromptTokens: 900 })
    harness.add('grind-1', { userId: 'grinder', estimatedPromptTokens: 900 })
    harness.clock.advance(120_000)
    harness.add('ping', { userId: 'pinger' }) // any arrival after the idle time sweeps
    expect(harness.scheduler.snapshot().users.map((user) => user.userId)).not.toContain('visitor')
    harness.add('return', { userId: 'visitor', estimatedPromptTokens: 0 })
    expect(harness.counter('visitor')).toBe(harness.counter('grinder'))
  })

  it('charges the prompt estimate at dispatch, output as it streams, and reconciles at completion', () => {
    const harness = new SchedulerHarness()
    harness.add('r1', { weight: 2, estimatedPromptTokens: 100 })
    expect(harness.counter('alice')).toBe(50)
    harness.lease('r1').chargeOutput(10)
    expect(harness.counter('alice')).toBe(60)
    harness.complete('r1', { promptTokens: 80, outputTokens: 15 })
    expect(harness.counter('alice')).toBe((80 + 2 * 15) / 2)
  })

  it('charges with the configured input and output token weights', () => {
    const harness = new SchedulerHarness({ inputTokenWeight: 3, outputTokenWeight: 5 })
    harness.add('r1', { estimatedPromptTokens: 10 })
    harness.complete('r1', { promptTokens: 10, outputTokens: 4 })
    expect(harness.counter('alice')).toBe(3 * 10 + 5 * 4)
  })

  it('keeps the tokens already charged when a lease fails without usage', () => {
    const harness = new SchedulerHarness()
    harness.add('r1', { estimatedPromptTokens: 100 })
    harness.lease('r1').chargeOutput(7)
    harness.lease('r1').fail()
    expect(harness.counter('alice')).toBe(100 + 2 * 7)
  })

  it('ignores nonsense token counts rather than corrupting the counters', () => {
    const harness = new SchedulerHarness()
    harness.add('r1', { estimatedPromptTokens: 10 })
    harness.lease('r1').chargeOutput(Number.NaN)
    harness.complete('r1', { promptTokens: -5, outputTokens: Number.POSITIVE_INFINITY })
    expect(harness.counter('alice')).toBe(0)
  })
})
