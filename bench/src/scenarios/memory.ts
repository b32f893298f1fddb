import { setMaxListeners } from 'node:events'
import { Pool } from 'undici'
import { chatBody, chatStream } from '../load/chat.ts'
import { sleep } from '../load/random.ts'
import type { Row } from '../report/row.ts'
import type { Sizes } from '../sizes.ts'
import type { Stack } from '../stack/stack.ts'
import { memoryModel } from './memory-model.ts'

const MiB = 2 ** 20

/**
 * Memory per 10,000 queued requests, through the real proxy: `slots` long streams fill the backend,
 * then requests (one connection each) pile up in Corral's queue. Corral's heap after a full GC is read
 * over IPC (the bench probe) at a fifth of `queued` and at `queued` waiting; the figure is the slope
 * between the two, so one-off allocations (lazy initialisation, code) do not count.
 */
export async function memoryScenario(stack: Stack, sizes: Sizes['memory']): Promise<Row[]> {
  await stack.reset(sizes.slots)
  stack.sim.setOptions({ tokenIntervalMs: 50 })
  const target = stack.target('corral')
  const blockers = new AbortController()
  setMaxListeners(Infinity, blockers.signal)
  const waiting = new AbortController()
  setMaxListeners(Infinity, waiting.signal)
  const blockerPool = new Pool(target.url, { connections: sizes.slots })
  const queuePool = new Pool(target.url, {
    connections: sizes.queued,
    pipelining: 1,
    headersTimeout: 0,
    bodyTimeout: 0,
  })
  stack.slots.begin()
  const endless = chatBody({ prompt: 'hold the slot', tokens: 10_000, stream: true })
  const running = Array.from({ length: sizes.slots }, () =>
    chatStream(blockerPool, target, endless, { signal: blockers.signal }),
  )
  const queued: Promise<unknown>[] = []
  try {
    await until(async () => stack.sim.stats.running >= sizes.slots, 10_000, 'the blockers to run')
    const body = chatBody({ prompt: 'wait', tokens: 1, stream: false })
    const headers = { 'content-type': 'application/json', ...target.headers }
    const queue = async (count: number) => {
      for (let i = 0; i < count; i++)
        queued.push(
          queuePool
            .request({ method: 'POST', path: '/api/chat', headers, body, signal: waiting.signal })
            .catch(() => undefined),
        )
      await until(
        async () => (await stack.corral.schedulerStats())[0]!.waiting >= queued.length,
        120_000,
        `${queued.length} requests to queue`,
      )
    }
    const first = sizes.queued / 5
    await queue(first)
    const before = await stack.corral.heap()
    await queue(sizes.queued - first)
    const after = await stack.corral.heap()
    stack.slots.end('memory (queue full)', sizes.slots)
    const per10k = (bytes: number) => ((bytes / (sizes.queued - first)) * 10_000) / MiB
    const model = memoryModel(sizes.queued)
    const scenario = `memory, ${sizes.queued.toLocaleString('en')} requests queued behind ${sizes.slots} busy slots`
    return [
      {
        scenario,
        figure: 'Corral heap per 10,000 queued (after GC)',
        unit: 'MB',
        values: { corral: per10k(after.heapUsed - before.heapUsed) },
      },
      {
        scenario,
        figure: 'Corral RSS per 10,000 queued',
        unit: 'MB',
        values: { corral: per10k(after.rss - before.rss) },
      },
      {
        scenario,
        figure: 'scheduler alone, heap per 10,000 queued',
        unit: 'MB',
        values: { corral: per10k(model.heapBytes) },
      },
      {
        scenario,
        figure: 'scheduler alone, enqueue cost',
        unit: 'µs',
        values: { corral: model.enqueueMicros },
      },
    ]
  } finally {
    waiting.abort()
    await Promise.all(queued)
    await queuePool.destroy()
    await until(
      async () => (await stack.corral.schedulerStats())[0]!.waiting === 0,
      60_000,
      'the queue to empty',
    )
    blockers.abort()
    await Promise.all(running)
    await blockerPool.destroy()
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`memory: timed out waiting for ${what}`)
    await sleep(100)
  }
}
