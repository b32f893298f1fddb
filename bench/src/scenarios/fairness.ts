import { setMaxListeners } from 'node:events'
import { chatBody, chatStream } from '../load/chat.ts'
import { closedLoop, timeWindow } from '../load/closed-loop.ts'
import { fairnessIndex } from '../load/fair-share.ts'
import { openPool, type Target } from '../load/target.ts'
import { atLeast, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import type { Stack } from '../stack/stack.ts'
import { fairnessModel } from './fairness-model.ts'

type Sizing = Sizes['fairness']

/**
 * Eight equal users, user i keeping demands[i] streams in flight, against `slots` backend slots.
 * Service = tokens each user received during a window in which all of them are backlogged; the
 * index is Jain's over service ÷ max-min fair share. Corral (its scheduler in front of a simulator
 * with room for everything) against nginx in front of a simulator with `slots` parallel slots, whose
 * own queue is FIFO — the baseline.
 */
export async function fairnessScenario(stack: Stack, sizes: Sizing): Promise<Row[]> {
  await stack.reset(sizes.slots)
  const keys = await Promise.all(
    sizes.demands.map((_, user) => stack.admin.userWithKey(`fair-${user}-${Date.now()}`)),
  )
  const served = { corral: [] as number[], nginx: [] as number[] }
  const rates = { corral: [] as number[], nginx: [] as number[] }
  for (let round = 0; round < sizes.rounds; round++) {
    for (const name of round % 2 === 0 ? (['corral', 'nginx'] as const) : (['nginx', 'corral'] as const)) {
      stack.sim.setOptions({
        tokenIntervalMs: sizes.tokenIntervalMs,
        numParallel: name === 'nginx' ? sizes.slots : 256,
      })
      const targets = keys.map((key) => stack.target(name, key))
      const tokens = await fairnessRound(
        stack,
        targets,
        sizes,
        name === 'corral' ? `fairness round ${round + 1}` : undefined,
      )
      served[name].push(fairnessIndex(tokens, sizes.demands, sizes.slots))
      rates[name].push(tokens.reduce((a, b) => a + b, 0) / (sizes.windowMs / 1000))
      await stack.reset(sizes.slots)
    }
  }
  const model = fairnessModel(sizes)
  const scenario = `fairness, 8 users, ${sizes.demands.join('/')} in flight, ${sizes.slots} slots`
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
  const worst = Math.min(...served.corral)
  return [
    {
      scenario,
      figure: "Jain's index (nginx = FIFO baseline; worst round)",
      unit: 'index',
      values: { nginx: Math.max(...served.nginx), corral: worst },
      criterion: atLeast('Corral ≥ 0.98', worst, 0.98),
    },
    {
      scenario,
      figure: 'tokens/s served, all users',
      unit: 'tok/s',
      values: { nginx: mean(rates.nginx), corral: mean(rates.corral) },
      compare: { nginx: 'ratio' },
    },
    {
      scenario,
      figure: "Jain's index, scheduler alone (FakeClock; nginx = FIFO)",
      unit: 'index',
      values: { nginx: model.fifo, corral: model.fair },
      criterion: atLeast('≥ 0.98', model.fair, 0.98),
    },
  ]
}

async function fairnessRound(
  stack: Stack,
  targets: Target[],
  sizes: Sizing,
  auditLabel: string | undefined,
): Promise<number[]> {
  const tokens = targets.map(() => 0)
  const window = timeWindow(sizes.warmupMs, sizes.windowMs)
  const stop = new AbortController()
  setMaxListeners(Infinity, stop.signal)
  const pools = targets.map((target, user) => openPool(target, sizes.demands[user]!))
  const body = chatBody({ prompt: 'a fair share', tokens: sizes.tokens, stream: true })
  const begin = setTimeout(() => auditLabel && stack.slots.begin(), sizes.warmupMs)
  const end = setTimeout(() => {
    if (auditLabel) stack.slots.end(auditLabel, sizes.slots)
    stop.abort()
  }, sizes.warmupMs + sizes.windowMs)
  try {
    await Promise.all(
      targets.map((target, user) =>
        closedLoop(sizes.demands[user]!, window.running, async () => {
          await chatStream(pools[user]!, target, body, {
            signal: stop.signal,
            onLine: (line, at) => {
              if (window.inWindow(at) && line.includes('"done":false')) tokens[user]!++
            },
          })
        }),
      ),
    )
  } finally {
    clearTimeout(begin)
    clearTimeout(end)
    await Promise.all(pools.map((pool) => pool.destroy()))
  }
  return tokens
}
