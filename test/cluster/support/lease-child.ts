import { pino } from 'pino'
import { LeaderLease, openLeaseConnection } from '../../../packages/core/src/index.ts'

/**
 * One replica's lease in a process of its own, so a test can freeze it (SIGSTOP) or kill it. Every
 * 10 ms it prints what it would do: `{"at":…,"role":…,"may":…,"pid":…}` (pid: its backend session).
 */
const [url, key] = process.argv.slice(2)
const lease = new LeaderLease({
  logger: pino({ level: 'silent' }),
  open: () => openLeaseConnection({ url: url!, lockKey: BigInt(key!), variable: 'CORRAL_DATABASE_URL' }),
})
lease.start()
setInterval(() => {
  const status = lease.status()
  process.stdout.write(
    `${JSON.stringify({ at: Date.now(), role: status.role, may: lease.mayDispatch(), pid: status.backendPid })}\n`,
  )
}, 10)
process.on('SIGTERM', () => {
  void lease.stop().then(() => process.exit(0))
})
