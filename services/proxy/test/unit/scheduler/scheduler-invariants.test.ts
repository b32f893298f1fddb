import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../../src/scheduler/fake-clock.ts'
import { Scheduler } from '../../../src/scheduler/scheduler.ts'
import type { QueueSnapshot } from '../../../src/scheduler/snapshot-types.ts'
import type { BackendState, Lease, Ticket } from '../../../src/scheduler/types.ts'
import { seededRandom } from './seeded-random.ts'

const models = ['m1', 'm2', 'm3', 'ghost'] // no backend ever lists "ghost"
const users = ['ann', 'bob', 'cy', 'dee', 'eve']
const backendIds = ['b1', 'b2', 'b3']

interface Known {
  userId: string
  model: string
  /** Changed by a promotion. */
  priority: number
  weight: number
  prompt: number
  arrivalMs: number
  seq: number
}

/**
 * Drives a scheduler through random operations while an independent model of the world checks, after
 * every step and at every dispatch: slots are never exceeded, nothing dispatchable is left waiting,
 * every dispatch takes the best request that could run (exactness of the FIFO-head shortcut), and the
 * scheduler's books match the model's.
 */
function run(seed: number, steps: number): void {
  const random = seededRandom(seed)
  const clock = new FakeClock()
  let agingIntervalMs = random.pick([0, 5_000, 20_000])
  const scheduler = new Scheduler({
    clock,
    agingIntervalMs,
    maxQueueLength: 30,
    maxQueuePerUser: 8,
    maxWaitMs: 60_000,
    userIdleMs: Infinity, // the lift check below needs every counter; pruning has its own test
  })
  const backends = new Map<string, BackendState>()
  const known = new Map<string, Known>()
  const waiting = new Set<string>()
  const running = new Map<string, Lease>()
  const leasesOn = new Map<string, Set<string>>() // only leases that still count: removed backends drop theirs
  const tickets = new Map<string, Ticket>()
  let nextId = 0
  let lastServed: string | undefined
  let completeInsideDispatch = false

  const listed = () => new Set([...backends.values()].flatMap((b) => [...(b.models ?? [])]))
  const eligible = (b: BackendState, model: string, listedModels: Set<string>) =>
    b.healthy && !b.draining && (b.models === null || b.models.has(model) || !listedModels.has(model))
  const busy = (snapshot: QueueSnapshot, id: string) => snapshot.backends.find((b) => b.id === id)?.busy ?? 0
  const effective = (k: Known) =>
    agingIntervalMs > 0 ? k.priority + Math.floor((clock.now() - k.arrivalMs) / agingIntervalMs) : k.priority
  const counterOf = (snapshot: QueueSnapshot, userId: string) =>
    snapshot.users.find((u) => u.userId === userId)?.counter ?? 0

  function onDispatch(id: string, lease: Lease): void {
    const request = known.get(id)!
    expect(waiting.has(id), `${id} dispatched while not waiting`).toBe(true)
    const target = backends.get(lease.backendId)!
    const on = leasesOn.get(lease.backendId)!
    const listedModels = listed()
    expect(eligible(target, request.model, listedModels), `${id} sent to an ineligible backend`).toBe(true)
    expect(on.size, `${lease.backendId} over its slots`).toBeLessThan(target.slots)

    // Exactness: nothing still waiting could have run at selection time and ranks ahead of this request.
    const snapshot = scheduler.snapshot()
    const ownCounter = counterOf(snapshot, request.userId) - request.prompt / request.weight
    const chosen = effective(request)
    for (const entry of snapshot.waiting) {
      const other = known.get(entry.id)!
      const couldRun = [...backends.values()].some((b) => {
        const free = b.slots - busy(snapshot, b.id) + (b.id === lease.backendId ? 1 : 0)
        return free > 0 && eligible(b, other.model, listedModels)
      })
      if (!couldRun) continue
      const priority = effective(other)
      const counter = other.userId === request.userId ? ownCounter : counterOf(snapshot, other.userId)
      const ranksAhead =
        priority > chosen ||
        (priority === chosen && (counter < ownCounter || (counter === ownCounter && other.seq < request.seq)))
      expect(ranksAhead, `${entry.id} should have gone before ${id}`).toBe(false)
    }

    lastServed = request.userId
    waiting.delete(id)
    running.set(id, lease)
    on.add(id)
    if (completeInsideDispatch && random.chance(0.3)) settle(id, 'complete')
  }

  function settle(id: string, how: 'complete' | 'fail' | 'requeue'): void {
    const lease = running.get(id)!
    running.delete(id)
    leasesOn.get(lease.backendId)?.delete(id)
    if (how === 'requeue') waiting.add(id)
    const usage = { promptTokens: random.int(0, 300), outputTokens: random.int(0, 300) }
    if (how === 'complete') lease.complete(usage)
    else if (how === 'fail') lease.fail(random.chance(0.5) ? usage : undefined)
    else lease.requeue()
  }

  function enqueue(): void {
    const id = `r${nextId++}`
    const request: Known = {
      userId: random.pick(users),
      model: random.pick(models),
      priority: random.pick([1, 3, 5, 5, 8, 10]),
      weight: random.pick([1, 2, 4]),
      prompt: random.int(0, 200),
      arrivalMs: clock.now(),
      seq: nextId,
    }
    known.set(id, request)
    const before = scheduler.snapshot().users
    waiting.add(id)
    const result = scheduler.enqueue(
      {
        id,
        userId: request.userId,
        keyId: null,
        model: request.model,
        priority: request.priority,
        weight: request.weight,
        estimatedPromptTokens: request.prompt,
        maxWaitMs: random.chance(0.2) ? random.pick([5_000, 120_000, Infinity]) : undefined,
      },
      {
        onDispatch: (lease) => onDispatch(id, lease),
        onTimeout: () => {
          expect(waiting.delete(id), `${id} timed out while not waiting`).toBe(true)
        },
        onCancelled: () => {
          expect(waiting.delete(id), `${id} cancelled while not waiting`).toBe(true)
        },
      },
    )
    if (result.ok && waiting.has(id)) expectLifted(request.userId, before)
    if (result.ok) tickets.set(id, result.ticket)
    else {
      expect(result.retryAfterSeconds).toBeGreaterThanOrEqual(1)
      waiting.delete(id)
    }
  }

  // A user with nothing waiting is lifted to the lowest waiting counter, else to the user served last.
  function expectLifted(userId: string, before: QueueSnapshot['users']): void {
    const own = before.find((u) => u.userId === userId)
    if (own && own.waiting > 0) return
    const waitingCounters = before.filter((u) => u.waiting > 0).map((u) => u.counter)
    const floor =
      waitingCounters.length > 0
        ? Math.min(...waitingCounters)
        : (before.find((u) => u.userId === lastServed)?.counter ?? 0)
    expect(counterOf(scheduler.snapshot(), userId)).toBe(Math.max(own?.counter ?? 0, floor))
  }

  function changeBackend(): void {
    const id = random.pick(backendIds)
    if (backends.has(id) && random.chance(0.15)) {
      backends.delete(id)
      leasesOn.delete(id)
      scheduler.removeBackend(id)
      return
    }
    const state: BackendState = {
      id,
      slots: random.int(0, 3),
      healthy: random.chance(0.85),
      draining: random.chance(0.1),
      models: random.chance(0.2) ? null : new Set(models.slice(0, 3).filter(() => random.chance(0.5))),
      loadedModels: new Set(),
    }
    backends.set(id, state)
    if (!leasesOn.has(id)) leasesOn.set(id, new Set())
    scheduler.setBackend(state)
  }

  // An operator's promotion or cancel; on a running request both only answer "running".
  function operate(action: 'promote' | 'cancel'): void {
    const id = random.pick([...waiting, ...running.keys()])
    const wasRunning = running.has(id)
    const priority = random.int(1, 10)
    const outcome = action === 'promote' ? scheduler.promote(id, priority) : scheduler.cancelWaiting(id)
    expect(outcome).toBe(wasRunning ? 'running' : 'done')
    if (wasRunning) return
    if (action === 'promote') known.get(id)!.priority = priority
    else expect(waiting.has(id), `${id} still waiting after an operator cancel`).toBe(false)
  }

  function checkBooks(): void {
    const snapshot = scheduler.snapshot()
    const stats = scheduler.stats()
    expect(stats.slotViolations).toBe(0)
    expect(new Set(snapshot.waiting.map((entry) => entry.id))).toEqual(waiting)
    expect(new Set(snapshot.running.map((entry) => entry.id))).toEqual(new Set(running.keys()))
    for (const entry of snapshot.backends) expect(entry.busy).toBe(leasesOn.get(entry.id)!.size)
    const listedModels = listed()
    for (const entry of snapshot.waiting) {
      const { model } = known.get(entry.id)!
      const free = [...backends.values()].filter(
        (b) => b.slots > busy(snapshot, b.id) && eligible(b, model, listedModels),
      )
      expect(free, `${entry.id} waits while a slot is free for it`).toEqual([])
    }
    for (const user of snapshot.users) {
      const mine = (ids: Iterable<string>) =>
        [...ids].filter((id) => known.get(id)!.userId === user.userId).length
      expect([user.waiting, user.running]).toEqual([mine(waiting), mine(running.keys())])
    }
    if (snapshot.waiting.length > 0) {
      const sample = random.pick(snapshot.waiting)
      expect(scheduler.position(sample.id)).toBe(sample.position)
    }
  }

  for (const id of backendIds.slice(0, 2)) {
    const state: BackendState = {
      id,
      slots: 2,
      healthy: true,
      draining: false,
      models: new Set(['m1', 'm2']),
      loadedModels: new Set(),
    }
    backends.set(id, state)
    leasesOn.set(id, new Set())
    scheduler.setBackend(state)
  }
  for (let step = 0; step < steps; step++) {
    completeInsideDispatch = random.chance(0.1)
    const roll = random.next()
    const anyRunning = running.size > 0 ? random.pick([...running.keys()]) : undefined
    if (roll < 0.35) enqueue()
    else if (roll < 0.5 && anyRunning) settle(anyRunning, 'complete')
    else if (roll < 0.55 && anyRunning) settle(anyRunning, 'fail')
    else if (roll < 0.6 && anyRunning) settle(anyRunning, 'requeue')
    else if (roll < 0.65 && anyRunning) running.get(anyRunning)!.chargeOutput(random.int(1, 50))
    else if (roll < 0.72 && tickets.size > 0) {
      const id = random.pick([...tickets.keys()])
      waiting.delete(id)
      tickets.get(id)!.cancel()
    } else if (roll < 0.82) changeBackend()
    else if (roll < 0.84) {
      agingIntervalMs = random.pick([0, 5_000, 20_000])
      scheduler.updateOptions({ agingIntervalMs })
    } else if (roll < 0.88 && waiting.size + running.size > 0) operate('promote')
    else if (roll < 0.9 && waiting.size + running.size > 0) operate('cancel')
    else clock.advance(random.int(0, 20_000))
    checkBooks()
  }
}

describe('scheduler invariants under random operations', () => {
  for (const seed of [1, 2, 3, 42, 2024, 31337]) {
    it(`keeps slots, work conservation, dispatch order and books exact, with promotions and cancels (seed ${seed})`, () => {
      run(seed, 2500)
    }, 60_000) // a few seconds alone; far more on a shared, loaded machine
  }
})
