import { FakeClock, Scheduler } from '../../../services/proxy/src/scheduler/index.ts'
import { fairnessIndex } from '../load/fair-share.ts'
import { seededRandom } from '../load/random.ts'
import type { Sizes } from '../sizes.ts'

const warmupMs = 30_000
const windowMs = 120_000

/**
 * The same closed-loop workload against Corral's scheduler alone, on a fake clock. Each request
 * streams `tokens` tokens at the token interval ±20 % (drawn per request), charged to the user as
 * they stream and reconciled at the end, as the proxy does. "fifo" puts every request under one
 * user, which leaves the scheduler plain FIFO.
 */
export function fairnessModel(sizes: Sizes['fairness']): { fair: number; fifo: number } {
  return { fair: simulate(sizes, false), fifo: simulate(sizes, true) }
}

function simulate(sizes: Sizes['fairness'], fifo: boolean): number {
  const clock = new FakeClock()
  const scheduler = new Scheduler({
    clock,
    maxQueueLength: 100_000,
    maxQueuePerUser: 100_000,
    maxWaitMs: Infinity,
  })
  scheduler.setBackend({
    id: 'sim',
    slots: sizes.slots,
    healthy: true,
    draining: false,
    models: null,
    loadedModels: new Set(),
  })
  const random = seededRandom(13)
  const served = sizes.demands.map(() => 0)
  let next = 0

  const submit = (user: number): void => {
    const request = {
      id: String(next++),
      userId: fifo ? 'everyone' : `user-${user}`,
      keyId: null,
      model: 'm',
      priority: 5,
      weight: 1,
      estimatedPromptTokens: 4,
    }
    scheduler.enqueue(request, {
      onDispatch: (lease) => {
        const intervalMs = sizes.tokenIntervalMs * (0.8 + 0.4 * random())
        let streamed = 0
        const token = (): void => {
          streamed++
          lease.chargeOutput(1)
          if (clock.now() >= warmupMs) served[user]!++
          if (streamed < sizes.tokens) {
            clock.setTimeout(token, intervalMs)
            return
          }
          lease.complete({ promptTokens: 4, outputTokens: sizes.tokens })
          submit(user)
        }
        clock.setTimeout(token, intervalMs)
      },
      onTimeout: () => undefined,
    })
  }
  sizes.demands.forEach((demand, user) => {
    for (let i = 0; i < demand; i++) submit(user)
  })
  clock.advance(warmupMs + windowMs)
  if (scheduler.stats().slotViolations > 0) throw new Error('the scheduler model overbooked a slot')
  return fairnessIndex(served, sizes.demands, sizes.slots)
}
