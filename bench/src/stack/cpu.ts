import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

/**
 * The CPU layout of a run: with two or more cores and `taskset`, the proxies (nginx's worker,
 * Corral's process) share one core and the load generator with the simulator gets another, so
 * "throughput on the same core" compares like with like.
 */
export interface CpuPlan {
  pinned: boolean
  loadCpu: number
  proxyCpu: number
}

export function planCpus(): CpuPlan {
  const pinned = availableParallelism() >= 2 && existsSync('/usr/bin/taskset')
  return { pinned, loadCpu: 0, proxyCpu: 1 }
}

/** Pins every thread of this process (the load generator and the in-process simulator). */
export function pinSelf(plan: CpuPlan): void {
  if (!plan.pinned) return
  execFileSync('taskset', ['-a', '-p', '-c', String(plan.loadCpu), String(process.pid)], { stdio: 'ignore' })
}

/** The command prefix that starts a child process on the proxy core. */
export function pinnedCommand(plan: CpuPlan, command: string, args: string[]): [string, string[]] {
  return plan.pinned ? ['taskset', ['-c', String(plan.proxyCpu), command, ...args]] : [command, args]
}

const ticksPerSecond = 100

/** User + system CPU seconds a process has used so far (all its threads), from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name may contain spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond
}

/** This process's CPU seconds. */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) / 1e6
}
