import type { CpuPlan } from '../stack/cpu.ts'
import type { SlotCheck } from '../stack/slot-audit.ts'
import { machineLine, type Machine } from './machine.ts'

export interface RunInfo {
  machine: Machine
  quick: boolean
  seconds: number
  cpus: CpuPlan
  nginxVersion: string
  /** What Corral stored its data in (usage writes share its thread on PGlite). */
  database: string
  loadBefore: number[]
  loadAfter: number[]
  /** Share of the run during which some runnable task waited for a CPU (Linux PSI), if known. */
  cpuPressure: number | undefined
  slotChecks: SlotCheck[]
}

/** What surrounds the table: where and how it ran, and the slot checks behind the slot-cap row. */
export function runSummary(info: RunInfo): { header: string; footer: string } {
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ')
  const pinning = info.cpus.pinned
    ? `nginx's worker and Corral's process pinned to CPU ${info.cpus.proxyCpu}; load generator and simulator pinned to CPU ${info.cpus.loadCpu} (taskset)`
    : 'no CPU pinning (fewer than 2 cores, or no taskset)'
  const header = [
    `- Machine: ${machineLine(info.machine)}`,
    `- Run: ${info.quick ? 'quick (smoke) run' : 'full run'}, ${info.seconds.toFixed(0)} s; ${info.nginxVersion}`,
    `- CPUs: ${pinning}`,
    `- Corral's database: ${info.database}`,
    `- Load average (1/5/15 min) before: ${load(info.loadBefore)}, after: ${load(info.loadAfter)}` +
      (info.cpuPressure === undefined
        ? ''
        : `; CPU pressure during the run: ${info.cpuPressure.toFixed(0)} % of the time some task waited for a CPU`),
  ].join('\n')
  const checks = info.slotChecks
    .map((check) => `${check.label}: ${check.maxInFlight}/${check.slots}`)
    .join('; ')
  const footer = `Slot checks (simulator's max inference requests in flight / Corral slots, per measurement window): ${checks || 'none'}.`
  return { header, footer }
}
