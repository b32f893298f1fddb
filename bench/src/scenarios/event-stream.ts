import { setMaxListeners } from 'node:events'
import { Pool } from 'undici'
import { chatBody } from '../load/chat.ts'
import { closedLoop } from '../load/closed-loop.ts'
import { EventSubscriber } from '../load/event-subscriber.ts'
import { eventPathCost } from './event-path-cost.ts'
import { summarize } from '../load/percentiles.ts'
import { atMost, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import { cpuSeconds } from '../stack/cpu.ts'
import type { Stack } from '../stack/stack.ts'

/** What the scenario needs of the stack (the standalone `bench:events` runs without nginx). */
export type EventStreamStack = Pick<Stack, 'sim' | 'corral' | 'admin' | 'target' | 'reset'>

interface Tally {
  requests: number
  seconds: number
  cpu: number
}

/**
 * The event stream's cost to the proxy (issue 11): `running` requests on the backend's slots and
 * `waiting` more in Corral's queue, kept there by a closed loop of `running + waiting` clients, while
 * windows alternate between nobody and one admin subscribed to the stream (three events a request:
 * queued, started, finished). Figures: requests/s and Corral's CPU per request in each state, the
 * cost, and the delay from an event's publication to its arrival at the subscriber.
 */
export async function eventStreamScenario(stack: EventStreamStack, sizes: Sizes['events']): Promise<Row[]> {
  await stack.reset(sizes.running)
  stack.sim.setOptions({ tokenIntervalMs: sizes.tokenIntervalMs })
  const target = stack.target('corral')
  const clients = sizes.running + sizes.waiting
  const pool = new Pool(target.url, {
    connections: clients,
    connectTimeout: 60_000,
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 120_000,
  })
  const stop = new AbortController()
  setMaxListeners(Infinity, stop.signal)
  const headers = { 'content-type': 'application/json', ...target.headers }
  const body = chatBody({ prompt: 'hi', tokens: sizes.tokens, stream: false })
  let completed = 0
  let errors = 0
  const statuses = new Map<number | string, number>()
  const load = closedLoop(
    clients,
    () => !stop.signal.aborted,
    async () => {
      try {
        const response = await pool.request({
          method: 'POST',
          path: '/api/chat',
          headers,
          body,
          signal: stop.signal,
        })
        await response.body.dump({ limit: Infinity })
        if (response.statusCode === 200) completed++
        else {
          errors++
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
        }
      } catch {
        if (stop.signal.aborted) return
        errors++
        statuses.set('refused', (statuses.get('refused') ?? 0) + 1)
        // A refused connection fails at once: do not spin on it.
        await sleep(50)
      }
    },
  )
  const tallies = { none: empty(), subscribed: empty() }
  const delays: number[] = []
  const depth = { waiting: [] as number[], running: [] as number[] }
  let events = 0
  try {
    await sleep(sizes.warmupSeconds * 1000)
    for (let round = 0; round < sizes.rounds; round++) {
      for (const mode of round % 2 === 0
        ? (['none', 'subscribed'] as const)
        : (['subscribed', 'none'] as const)) {
        const subscriber =
          mode === 'subscribed' ? new EventSubscriber(target.url, stack.admin.authorization) : undefined
        await subscriber?.open()
        const requests0 = completed
        const cpu0 = cpuSeconds(stack.corral.pid)
        const started = performance.now()
        const sampling = sampleDepth(stack, clients, depth, sizes.seconds * 1000)
        await sleep(sizes.seconds * 1000)
        const tally = tallies[mode]
        tally.seconds += (performance.now() - started) / 1000
        tally.requests += completed - requests0
        tally.cpu += cpuSeconds(stack.corral.pid) - cpu0
        await sampling
        if (subscriber) {
          await subscriber.close()
          delays.push(...subscriber.delaysMs)
          events += subscriber.events
        }
      }
    }
  } finally {
    stop.abort()
    await load
    await pool.close()
  }
  const rate = (tally: Tally) => tally.requests / tally.seconds
  const cpuPer1000 = (tally: Tally) => (1000 * tally.cpu) / tally.requests
  const cost = 100 * (1 - rate(tallies.subscribed) / rate(tallies.none))
  const delay = summarize(delays)
  const mean = (values: number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)
  const scenario = `event stream, ${sizes.waiting.toLocaleString('en')} waiting + ${sizes.running} running`
  return [
    ...eventPathCost(),
    {
      scenario,
      figure: `mean requests in Corral (waiting or relayed) / running on the backend: ${mean(depth.waiting).toFixed(0)} / ${mean(depth.running).toFixed(0)}`,
      unit: 'count',
      values: { corral: mean(depth.waiting) },
    },
    {
      scenario,
      figure: 'requests/s, nobody subscribed',
      unit: 'req/s',
      values: { corral: rate(tallies.none) },
    },
    {
      scenario,
      figure: 'requests/s, one admin subscribed',
      unit: 'req/s',
      values: { corral: rate(tallies.subscribed) },
    },
    {
      scenario,
      figure: 'throughput cost of the subscriber',
      unit: '%',
      values: { corral: cost },
      criterion: atMost('≤ 5 %', cost, 5),
    },
    {
      scenario,
      figure: `Corral CPU-ms per request, nobody / subscribed (${cpuPer1000(tallies.none).toFixed(2)} / ${cpuPer1000(tallies.subscribed).toFixed(2)})`,
      unit: '%',
      values: { corral: 100 * (cpuPer1000(tallies.subscribed) / cpuPer1000(tallies.none) - 1) },
    },
    {
      scenario,
      figure: `publish → subscriber delay p50 ${delay.p50.toFixed(0)} ms, max ${delay.max.toFixed(0)} ms; p99`,
      unit: 'ms',
      values: { corral: delay.p99 },
      criterion: atMost('p99 ≤ 1,000 ms', delay.p99, 1000),
    },
    {
      scenario,
      figure: `errors (${[...statuses].map(([status, count]) => `${status}: ${count}`).join(', ') || 'none'})`,
      unit: 'count',
      values: { corral: errors },
    },
    {
      scenario,
      figure: 'events received per second while subscribed',
      unit: 'count',
      values: { corral: events / tallies.subscribed.seconds },
    },
  ]
}

function empty(): Tally {
  return { requests: 0, seconds: 0, cpu: 0 }
}

/**
 * Requests running on the simulator, and the rest of the closed loop's clients (waiting in Corral's
 * queue, or between it and the client), a few times during a window.
 */
async function sampleDepth(
  stack: EventStreamStack,
  clients: number,
  into: { waiting: number[]; running: number[] },
  windowMs: number,
): Promise<void> {
  for (let elapsed = 250; elapsed < windowMs; elapsed += 1000) {
    await sleep(elapsed === 250 ? 250 : 1000)
    const running = stack.sim.stats.running
    into.running.push(running)
    into.waiting.push(clients - running)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
