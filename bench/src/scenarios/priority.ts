import { setMaxListeners } from 'node:events'
import type { Pool } from 'undici'
import { chatBody, chatStream } from '../load/chat.ts'
import { closedLoop, timeWindow } from '../load/closed-loop.ts'
import { mean, summarize } from '../load/percentiles.ts'
import { seededRandom, sleep } from '../load/random.ts'
import { openPool, type Target } from '../load/target.ts'
import { atMost, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import { benchIdHeader, type SimTrace } from '../stack/sim-watcher.ts'
import type { Stack } from '../stack/stack.ts'

type Sizing = Sizes['priority']

interface PriorityRound {
  /** Send → the simulator granting a slot, for high-priority requests sent inside the window. */
  waits: number[]
  /** Corral's own figure (Server-Timing `queue;dur=`), for the same requests. */
  reported: number[]
  /** Slot grant → end in the simulator, for low-priority requests in the window. */
  serviceTimes: number[]
  /** Send → the next low-priority request ending in the simulator: what a perfect scheduler would wait. */
  nextRelease: number[]
}

/**
 * A saturating low-priority load (a priority-1 key keeping `lowInFlight` streams in flight on
 * `slots` slots) and a light high-priority one (a priority-10 key, one request at a time after a
 * random pause). The high-priority wait is measured end to end: from sending to the simulator
 * granting the slot. nginx in front of a FIFO simulator shows what happens without a scheduler.
 */
export async function priorityScenario(stack: Stack, sizes: Sizing): Promise<Row[]> {
  await stack.reset(sizes.slots)
  const lowKey = await stack.admin.userWithKey(`low-${Date.now()}`, 1)
  const highKey = await stack.admin.userWithKey(`high-${Date.now()}`, 10)
  const corral: PriorityRound[] = []
  for (let round = 0; round < sizes.rounds; round++) {
    stack.sim.setOptions({ tokenIntervalMs: sizes.tokenIntervalMs })
    corral.push(
      await priorityRound(
        stack,
        stack.target('corral', lowKey),
        stack.target('corral', highKey),
        sizes,
        `priority round ${round + 1}`,
      ),
    )
    await stack.reset(sizes.slots)
  }
  stack.sim.setOptions({ tokenIntervalMs: sizes.tokenIntervalMs, numParallel: sizes.slots })
  const fifo = await priorityRound(stack, stack.target('nginx'), stack.target('nginx'), {
    ...sizes,
    windowMs: sizes.windowMs / 2,
  })
  await stack.reset(sizes.slots)

  const waits = summarize(corral.flatMap((round) => round.waits))
  const reported = summarize(corral.flatMap((round) => round.reported))
  const fifoWaits = summarize(fifo.waits)
  const ideal = summarize(corral.flatMap((round) => round.nextRelease).filter(Number.isFinite))
  const excess = summarize(
    corral
      .flatMap((round) => round.waits.map((wait, i) => wait - round.nextRelease[i]!))
      .filter(Number.isFinite),
  )
  const serviceMs = mean(corral.flatMap((round) => round.serviceTimes))
  const bound = (2 * serviceMs) / sizes.slots
  const scenario = `priority: 1 high-priority client vs ${sizes.lowInFlight} low in flight, ${sizes.slots} slots`
  return [
    {
      scenario,
      figure: `high-priority wait p50 (n=${waits.n}; nginx = FIFO)`,
      unit: 'ms',
      values: { nginx: fifoWaits.p50, corral: waits.p50 },
    },
    {
      scenario,
      figure: 'high-priority wait p99, send → slot',
      unit: 'ms',
      values: { nginx: fifoWaits.p99, corral: waits.p99 },
      criterion: atMost(`≤ 2·T/slots = ${bound.toFixed(1)} ms`, waits.p99, bound),
    },
    {
      scenario,
      figure: "high-priority wait p99, Corral's Server-Timing",
      unit: 'ms',
      values: { corral: reported.p99 },
    },
    {
      scenario,
      figure: 'send → next slot release p99 (any scheduler waits this)',
      unit: 'ms',
      values: { corral: ideal.p99 },
    },
    {
      scenario,
      figure: 'high-priority wait beyond the next release p99',
      unit: 'ms',
      values: { corral: excess.p99 },
    },
    {
      scenario,
      figure: 'mean service time T (simulator)',
      unit: 'ms',
      values: { nginx: mean(fifo.serviceTimes), corral: serviceMs },
    },
  ]
}

async function priorityRound(
  stack: Stack,
  low: Target,
  high: Target,
  sizes: Sizing,
  auditLabel?: string,
): Promise<PriorityRound> {
  const result: PriorityRound = { waits: [], reported: [], serviceTimes: [], nextRelease: [] }
  const releases: number[] = []
  const sends: number[] = []
  const nominalMs = sizes.tokens * sizes.tokenIntervalMs
  const window = timeWindow(nominalMs * 10, sizes.windowMs)
  const stop = new AbortController()
  setMaxListeners(Infinity, stop.signal)
  const lowPool = openPool(low, sizes.lowInFlight)
  const highPool = openPool(high, 1)
  const body = chatBody({ prompt: 'priority', tokens: sizes.tokens, stream: true })
  const random = seededRandom(3)
  let sent = 0
  const started = new Set<number>()
  stack.watcher.start((trace: SimTrace) => {
    if (!trace.benchId.startsWith('low') || trace.aborted) return
    releases.push(trace.endedAt!)
    if (window.inWindow(trace.endedAt!)) result.serviceTimes.push(trace.endedAt! - trace.startedAt!)
  })
  const request = (pool: Pool, target: Target, id: string) =>
    chatStream(pool, target, body, { headers: { [benchIdHeader]: id }, signal: stop.signal })
  const timers = [
    setTimeout(() => auditLabel && stack.slots.begin(), window.from - performance.now()),
    setTimeout(() => {
      if (auditLabel) stack.slots.end(auditLabel, sizes.slots)
      stop.abort()
    }, window.endsAt - performance.now()),
  ]
  try {
    const lows = closedLoop(sizes.lowInFlight, window.running, async (worker) => {
      // Stagger the first requests over one service time, so slots free up one after another.
      if (!started.has(worker)) {
        started.add(worker)
        await sleep(worker < sizes.slots ? (worker * nominalMs) / sizes.slots : nominalMs)
      }
      await request(lowPool, low, `low-${sent++}`)
    })
    const highs = closedLoop(1, window.running, async () => {
      await sleep(random() * nominalMs)
      const id = `high-${sent++}`
      const sentAt = performance.now()
      const response = await request(highPool, high, id)
      const startedAt = stack.watcher.trace(id)?.startedAt
      if (!window.inWindow(sentAt) || response.status !== 200 || startedAt === undefined) return
      result.waits.push(startedAt - sentAt)
      sends.push(sentAt)
      const timing = /queue;dur=([\d.]+)/.exec(String(response.headers['server-timing'] ?? ''))
      if (timing) result.reported.push(Number(timing[1]))
    })
    await Promise.all([lows, highs])
  } finally {
    timers.forEach(clearTimeout)
    await Promise.all([lowPool.destroy(), highPool.destroy()])
    stack.watcher.stop()
  }
  // Releases arrive in order (one event loop); the first one after each send.
  result.nextRelease = sends.map((sentAt) => (releases.find((at) => at > sentAt) ?? NaN) - sentAt)
  return result
}
