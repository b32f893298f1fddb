import { chatBody, chatStream } from '../load/chat.ts'
import { summarize } from '../load/percentiles.ts'
import { seededRandom, sleep } from '../load/random.ts'
import { StreamCheck } from '../load/stream-check.ts'
import { openPool, rotation, targetNames, type Target } from '../load/target.ts'
import { atMost, byTarget, loopRow, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import { LoopWatch } from '../stack/loop-watch.ts'
import { cpuSeconds } from '../stack/cpu.ts'
import { corralStartSlots, type Stack } from '../stack/stack.ts'

interface RelayTally {
  delays: number[]
  /** CPU seconds the proxy used while its rounds ran. */
  proxyCpu: number
  lost: number
  altered: number
  streams: number
}

/**
 * Per-line relay delay with many concurrent streams: every line's arrival at the client minus the
 * simulator's `created_at` stamp on it (same process, same clock), plus a count of lines lost or
 * altered on the way (the simulator's text is deterministic, so the client knows what to expect).
 * Direct access measures the method's own floor; the targets apply to what a proxy adds to it.
 */
export async function relayDelayScenario(stack: Stack, sizes: Sizes['relay']): Promise<Row[]> {
  await stack.reset(corralStartSlots)
  stack.sim.setOptions({ tokenIntervalMs: sizes.tokenIntervalMs })
  const lanes = targetNames.map((name) => {
    const tally: RelayTally = { delays: [], proxyCpu: 0, lost: 0, altered: 0, streams: 0 }
    const proxyPid =
      name === 'nginx' ? stack.nginx.workerPid : name === 'corral' ? stack.corral.pid : undefined
    return { target: stack.target(name), tally, proxyPid }
  })
  const random = seededRandom(7)
  const loop = new LoopWatch(stack.corral)
  // Warm-up: a short round through each target, not counted (Corral's relay path gets compiled).
  for (const { target } of lanes) {
    await streamRound(target, -1, { ...sizes, tokens: 10 }, random, {
      delays: [],
      proxyCpu: 0,
      lost: 0,
      altered: 0,
      streams: 0,
    })
  }
  for (let round = 0; round < sizes.rounds; round++) {
    for (const { target, tally, proxyPid } of rotation(lanes, round)) {
      const cpu0 = proxyPid ? cpuSeconds(proxyPid) : 0
      if (target.name !== 'corral') {
        await streamRound(target, round, sizes, random, tally)
      } else {
        stack.slots.begin()
        await loop.during(() => streamRound(target, round, sizes, random, tally))
        stack.slots.end(`relay round ${round + 1}`, corralStartSlots)
      }
      if (proxyPid) tally.proxyCpu += cpuSeconds(proxyPid) - cpu0
    }
  }
  const stats = lanes.map((lane) => ({
    ...summarize(lane.tally.delays),
    broken: lane.tally.lost + lane.tally.altered,
    lines: lane.tally.delays.length,
    cpuPerLine: lane.proxyPid ? (lane.tally.proxyCpu * 1e6) / lane.tally.delays.length : undefined,
  }))
  const values = (pick: (stat: (typeof stats)[number]) => number) =>
    byTarget((_, index) => pick(stats[index]!))
  const direct = stats[0]!
  const corral = stats[2]!
  const scenario = `relay delay, ${sizes.streams} streams`
  const compare = { direct: 'diff', nginx: 'diff' } as const
  return [
    {
      scenario,
      figure: 'per-line delay p50',
      unit: 'ms',
      values: values((stat) => stat.p50),
      compare,
      criterion: atMost('Corral − direct ≤ 0.5 ms', corral.p50 - direct.p50, 0.5),
    },
    {
      scenario,
      figure: 'per-line delay p99',
      unit: 'ms',
      values: values((stat) => stat.p99),
      compare,
      criterion: atMost('Corral − direct ≤ 5 ms', corral.p99 - direct.p99, 5),
    },
    { scenario, figure: 'lines checked', unit: 'count', values: values((stat) => stat.lines) },
    {
      scenario,
      figure: 'lines lost + streams altered',
      unit: 'count',
      values: values((stat) => stat.broken),
      criterion: atMost('Corral = 0', corral.broken, 0),
    },
    {
      scenario,
      figure: 'proxy CPU per line relayed',
      unit: 'µs',
      values: byTarget((_, i) => stats[i]!.cpuPerLine),
      compare: { nginx: 'ratio' },
    },
    loopRow(scenario, loop),
  ]
}

async function streamRound(
  target: Target,
  round: number,
  sizes: Sizes['relay'],
  random: () => number,
  tally: RelayTally,
): Promise<void> {
  const pool = openPool(target, sizes.streams)
  try {
    await Promise.all(
      Array.from({ length: sizes.streams }, async (_, stream) => {
        // Independent arrivals: spread the starts over one token interval.
        await sleep(random() * sizes.tokenIntervalMs)
        const prompt = `relay ${target.name} round ${round} stream ${stream}`
        const check = new StreamCheck(prompt, sizes.tokens)
        const result = await chatStream(
          pool,
          target,
          chatBody({ prompt, tokens: sizes.tokens, stream: true }),
          {
            onLine: (line, at) => {
              const delay = check.line(line, at)
              if (delay !== undefined) tally.delays.push(delay)
            },
          },
        )
        const verdict = check.verdict()
        tally.streams++
        tally.lost += result.status === 200 ? verdict.lost : sizes.tokens + 1
        if (!verdict.intact) tally.altered++
      }),
    )
  } finally {
    await pool.close()
  }
}
