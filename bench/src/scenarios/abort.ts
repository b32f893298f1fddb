import { setMaxListeners } from 'node:events'
import type { Pool } from 'undici'
import { chatBody, chatStream } from '../load/chat.ts'
import { summarize } from '../load/percentiles.ts'
import { openPool, rotation, targetNames, type Target } from '../load/target.ts'
import { atMost, byTarget, loopRow, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import { benchIdHeader } from '../stack/sim-watcher.ts'
import { LoopWatch } from '../stack/loop-watch.ts'
import { corralStartSlots, type Stack } from '../stack/stack.ts'

const notClosedMs = 2_000
const rounds = 3

/**
 * Client abort → upstream closed: a client reads three lines of a long stream, then drops the
 * connection; the figure is the time until the simulator sees its request's socket close
 * (`inference-end` with `aborted`, stamped at the close). Measured while `background` other long
 * streams flow through the same proxy.
 */
export async function abortScenario(stack: Stack, sizes: Sizes['abort']): Promise<Row[]> {
  await stack.reset(corralStartSlots)
  stack.sim.setOptions({ tokenIntervalMs: sizes.tokenIntervalMs })
  const lanes = targetNames.map((name) => ({ target: stack.target(name), delays: [] as number[] }))
  // 10,000 tokens at 5 ms: far longer than a block of samples (the simulator plans every token up front).
  const long = chatBody({ prompt: 'a long answer', tokens: 10_000, stream: true })
  let next = 0
  const loop = new LoopWatch(stack.corral)
  stack.watcher.start()
  try {
    for (let round = 0; round < rounds; round++) {
      for (const lane of rotation(lanes, round)) {
        const background = new AbortController()
        setMaxListeners(Infinity, background.signal)
        const pool = openPool(lane.target, sizes.background + 1)
        const streams = Array.from({ length: sizes.background }, () =>
          chatStream(pool, lane.target, long, { signal: background.signal }),
        )
        const sample = async () => {
          for (let i = 0; i < Math.ceil(sizes.samples / rounds); i++)
            lane.delays.push(await abortOnce(stack, pool, lane.target, long, `abort-${next++}`))
        }
        await (lane.target.name === 'corral' ? loop.during(sample) : sample())
        background.abort()
        await Promise.all(streams)
        await pool.destroy()
        await stack.reset(corralStartSlots)
        stack.sim.setOptions({ tokenIntervalMs: sizes.tokenIntervalMs })
      }
    }
  } finally {
    stack.watcher.stop()
  }
  const stats = lanes.map((lane) => ({
    ...summarize(lane.delays),
    notClosed: lane.delays.filter((delay) => delay >= notClosedMs).length,
  }))
  const corral = stats[2]!
  const scenario = `client abort → upstream closed (${sizes.background} other streams)`
  return [
    {
      scenario,
      figure: `p50 (n=${corral.n})`,
      unit: 'ms',
      values: byTarget((_, i) => stats[i]!.p50),
      compare: { direct: 'diff', nginx: 'diff' },
    },
    {
      scenario,
      figure: 'p99',
      unit: 'ms',
      values: byTarget((_, i) => stats[i]!.p99),
      compare: { direct: 'diff', nginx: 'diff' },
      criterion: atMost('Corral ≤ 20 ms', corral.p99, 20),
    },
    {
      scenario,
      figure: `upstream not closed within ${notClosedMs / 1000} s`,
      unit: 'count',
      values: byTarget((_, i) => stats[i]!.notClosed),
      criterion: atMost('Corral = 0', corral.notClosed, 0),
    },
    loopRow(scenario, loop),
  ]
}

async function abortOnce(
  stack: Stack,
  pool: Pool,
  target: Target,
  body: string,
  id: string,
): Promise<number> {
  const client = new AbortController()
  let lines = 0
  let abortedAt = NaN
  await chatStream(pool, target, body, {
    headers: { [benchIdHeader]: id },
    signal: client.signal,
    onLine: () => {
      if (++lines !== 3) return
      abortedAt = performance.now()
      client.abort()
    },
  })
  const trace = await stack.watcher.ended(id, notClosedMs)
  return trace?.aborted && trace.endedAt !== undefined ? trace.endedAt - abortedAt : notClosedMs
}
