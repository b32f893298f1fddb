import type { OllamaSim } from '@corral/ollama-sim'
import type { Target, TargetName } from '../load/target.ts'
import type { BenchDatabase } from './bench-database.ts'
import { CorralAdmin } from './corral-admin.ts'
import type { CpuPlan } from './cpu.ts'
import { SimWatcher } from './sim-watcher.ts'
import { SlotAudit } from './slot-audit.ts'
import { startCorral, type CorralProcess } from './start-corral.ts'
import { startNginx, type NginxProcess } from './start-nginx.ts'
import { baseSimOptions, simIdle, startBenchSim } from './start-sim.ts'

/** Everything a scenario needs: one simulator, and the three ways to reach it. */
export interface Stack {
  cpus: CpuPlan
  sim: OllamaSim
  watcher: SimWatcher
  slots: SlotAudit
  corral: CorralProcess
  nginx: NginxProcess
  admin: CorralAdmin
  /** A key of an ordinary user (default group, no limits). */
  benchKey: string
  target(name: TargetName, key?: string): Target
  /** Back to the base simulator options and Corral slots, with nothing in flight. */
  reset(corralSlots: number): Promise<void>
  close(): Promise<void>
}

export const corralStartSlots = 256
/** High enough for the memory scenario's 10,000 waiting requests and every other scenario's load. */
const queueCap = 50_000

export async function startStack(
  cpus: CpuPlan,
  database: BenchDatabase,
  profileDir?: string,
): Promise<Stack> {
  const sim = await startBenchSim()
  const upstreamPort = sim.port
  const [corral, nginx] = await Promise.all([
    startCorral({ simUrl: sim.url, slots: corralStartSlots, cpus, profileDir, databaseUrl: database.url }),
    startNginx({ upstreamPort, cpus }),
  ])
  const admin = await CorralAdmin.signIn(corral.url, corral.admin)
  await admin.openQueue(queueCap)
  const benchKey = await admin.userWithKey('bench')
  const urls: Record<TargetName, string> = { direct: sim.url, nginx: nginx.url, corral: corral.url }
  let slots = corralStartSlots
  return {
    cpus,
    sim,
    watcher: new SimWatcher(sim),
    slots: new SlotAudit(sim),
    corral,
    nginx,
    admin,
    benchKey,
    target: (name, key = benchKey) => {
      const headers: Record<string, string> = name === 'corral' ? { authorization: `Bearer ${key}` } : {}
      return { name, url: urls[name], headers }
    },
    reset: async (corralSlots) => {
      await simIdle(sim)
      sim.setOptions(baseSimOptions)
      if (corralSlots !== slots) await admin.setSlots(corralSlots)
      slots = corralSlots
    },
    close: async () => {
      await Promise.allSettled([corral.stop(), nginx.stop()])
      await sim.close()
      await database.dispose()
    },
  }
}
