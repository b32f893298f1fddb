import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

export interface LeaseSample {
  at: number
  role: 'follower' | 'leader'
  may: boolean
  pid: number | undefined
}

/** `lease-child.ts` in a real process, with every line it printed. */
export function startLeaseChild(url: string, lockKey: bigint) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./lease-child.ts', import.meta.url).pathname, url, lockKey.toString()],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const samples: LeaseSample[] = []
  createInterface({ input: child.stdout }).on('line', (line) => samples.push(JSON.parse(line) as LeaseSample))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return {
    samples,
    signal: (signal: NodeJS.Signals) => child.kill(signal),
    last: () => samples.at(-1),
    waitFor: async (condition: (sample: LeaseSample) => boolean, ms = 15_000) => {
      const deadline = Date.now() + ms
      for (;;) {
        const sample = samples.at(-1)
        if (sample && condition(sample)) return sample
        if (Date.now() > deadline)
          throw new Error(`the lease child never reached the state (last: ${JSON.stringify(sample)})`)
        await sleep(10)
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT')
        child.kill('SIGKILL')
      }
      await exited
    },
  }
}
