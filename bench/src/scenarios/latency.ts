import { chatBody, chatOnce } from '../load/chat.ts'
import { summarize } from '../load/percentiles.ts'
import { openPool, rotation, targetNames } from '../load/target.ts'
import { atMost, byTarget, loopRow, type Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import { LoopWatch } from '../stack/loop-watch.ts'
import { corralStartSlots, type Stack } from '../stack/stack.ts'

const kinds = [
  { name: 'non-streamed', body: chatBody({ prompt: 'hi', tokens: 1, stream: false }) },
  { name: 'streamed', body: chatBody({ prompt: 'hi', tokens: 1, stream: true }) },
]

/**
 * Added latency at concurrency 1: one small `/api/chat` at a time (1 token, no token delay, model
 * loaded), timed from sending to the last byte, in rounds that rotate direct → nginx → Corral.
 */
export async function latencyScenario(stack: Stack, sizes: Sizes['latency']): Promise<Row[]> {
  await stack.reset(corralStartSlots)
  const lanes = targetNames.map((name) => {
    const target = stack.target(name)
    return { target, pool: openPool(target, 1), samples: kinds.map((): number[] => []) }
  })
  const once = async (lane: (typeof lanes)[number], kind: number): Promise<number> => {
    const started = performance.now()
    const status = await chatOnce(lane.pool, lane.target, kinds[kind]!.body)
    if (status !== 200) throw new Error(`latency: ${lane.target.name} answered ${status}`)
    return performance.now() - started
  }
  const loop = new LoopWatch(stack.corral)
  try {
    for (const lane of lanes)
      for (let kind = 0; kind < kinds.length; kind++)
        for (let i = 0; i < sizes.warmup; i++) await once(lane, kind)
    for (let round = 0; round < sizes.rounds; round++) {
      for (let kind = 0; kind < kinds.length; kind++) {
        for (const lane of rotation(lanes, round)) {
          const measure = async () => {
            for (let i = 0; i < sizes.requests; i++) lane.samples[kind]!.push(await once(lane, kind))
          }
          await (lane.target.name === 'corral' ? loop.during(measure) : measure())
        }
      }
    }
  } finally {
    await Promise.all(lanes.map((lane) => lane.pool.close()))
  }
  const rows = kinds.flatMap((kind, k): Row[] => {
    const stats = lanes.map((lane) => summarize(lane.samples[k]!))
    const [direct, , corral] = stats as [(typeof stats)[number], unknown, (typeof stats)[number]]
    const scenario = `latency c=1, ${kind.name}`
    const compare = { direct: 'diff', nginx: 'diff' } as const
    return [
      {
        scenario,
        figure: 'p50',
        unit: 'ms',
        values: byTarget((_, i) => stats[i]?.p50),
        compare,
        criterion: atMost('Corral − direct ≤ 1 ms', corral.p50 - direct.p50, 1),
      },
      {
        scenario,
        figure: 'p99',
        unit: 'ms',
        values: byTarget((_, i) => stats[i]?.p99),
        compare,
        criterion: atMost('Corral − direct ≤ 3 ms', corral.p99 - direct.p99, 3),
      },
    ]
  })
  return [...rows, loopRow('latency c=1', loop)]
}
