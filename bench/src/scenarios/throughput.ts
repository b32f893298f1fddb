import { chatBody, chatOnce } from '../load/chat.ts'
import { closedLoop } from '../load/closed-loop.ts'
import { openPool, rotation, targetNames } from '../load/target.ts'
import { atLeast, byTarget, loopRow, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import { cpuSeconds, ownCpuSeconds } from '../stack/cpu.ts'
import { LoopWatch } from '../stack/loop-watch.ts'
import { corralStartSlots, type Stack } from '../stack/stack.ts'

interface Tally {
  requests: number
  errors: number
  seconds: number
  proxyCpu: number
  loadCpu: number
}

/**
 * Requests per second of small non-streamed `/api/chat` calls at a fixed concurrency, through auth,
 * queue and proxy. nginx's worker and Corral's process are pinned to the same core; the CPU they use
 * is read from /proc, so the table also shows requests per CPU-second of the proxy.
 */
export async function throughputScenario(stack: Stack, sizes: Sizes['throughput']): Promise<Row[]> {
  await stack.reset(corralStartSlots)
  const proxyPids = { direct: undefined, nginx: stack.nginx.workerPid, corral: stack.corral.pid }
  const lanes = targetNames.map((name) => {
    const target = stack.target(name)
    const tally: Tally = { requests: 0, errors: 0, seconds: 0, proxyCpu: 0, loadCpu: 0 }
    return { target, pool: openPool(target, sizes.concurrency), proxyPid: proxyPids[name], tally }
  })
  const body = chatBody({ prompt: 'hi', tokens: 1, stream: false })
  const loop = new LoopWatch(stack.corral)

  const run = async (lane: (typeof lanes)[number], seconds: number, measured: boolean) => {
    const { pool, target, proxyPid, tally } = lane
    const proxy0 = proxyPid ? cpuSeconds(proxyPid) : 0
    const load0 = ownCpuSeconds()
    const started = performance.now()
    const endsAt = started + seconds * 1000
    let requests = 0
    let errors = 0
    await closedLoop(
      sizes.concurrency,
      () => performance.now() < endsAt,
      async () => {
        if ((await chatOnce(pool, target, body)) === 200) requests++
        else errors++
      },
    )
    if (!measured) return
    tally.seconds += (performance.now() - started) / 1000
    tally.requests += requests
    tally.errors += errors
    tally.proxyCpu += proxyPid ? cpuSeconds(proxyPid) - proxy0 : 0
    tally.loadCpu += ownCpuSeconds() - load0
  }

  try {
    for (const lane of lanes) await run(lane, sizes.warmupSeconds, false)
    for (let round = 0; round < sizes.rounds; round++) {
      for (const lane of rotation(lanes, round)) {
        if (lane.target.name === 'corral') await loop.during(() => run(lane, sizes.seconds, true))
        else await run(lane, sizes.seconds, true)
      }
    }
  } finally {
    await Promise.all(lanes.map((lane) => lane.pool.close()))
  }
  const per = (pick: (tally: Tally) => number | undefined) =>
    byTarget((_, index) => pick(lanes[index]!.tally))
  const proxied = (pick: (tally: Tally) => number) =>
    byTarget((_, index) => (lanes[index]!.proxyPid ? pick(lanes[index]!.tally) : undefined))
  const rate = per((tally) => tally.requests / tally.seconds)
  const scenario = `throughput c=${sizes.concurrency}`
  return [
    {
      scenario,
      figure: 'requests/s',
      unit: 'req/s',
      values: rate,
      compare: { direct: 'ratio', nginx: 'ratio' },
      criterion: atLeast('Corral ≥ 0.33 × nginx', rate.corral! / rate.nginx!, 0.33),
    },
    {
      scenario,
      figure: 'proxy CPU (100 % = one core)',
      unit: '%',
      values: proxied((tally) => (100 * tally.proxyCpu) / tally.seconds),
    },
    {
      scenario,
      figure: 'requests per proxy CPU-second',
      unit: 'req/CPU-s',
      values: proxied((tally) => tally.requests / tally.proxyCpu),
      compare: { nginx: 'ratio' },
    },
    {
      scenario,
      figure: 'load generator + simulator CPU',
      unit: '%',
      values: per((tally) => (100 * tally.loadCpu) / tally.seconds),
    },
    { scenario, figure: 'errors (non-200)', unit: 'count', values: per((tally) => tally.errors) },
    loopRow(scenario, loop),
  ]
}
