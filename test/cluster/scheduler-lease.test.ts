import { randomInt } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { LeaderLease, openLeaseConnection, StartupError } from '../../packages/core/src/index.ts'
import { startLeaseChild } from './support/lease-child-process.ts'
import { startPgBouncer } from './support/pgbouncer.ts'

/**
 * The scheduler lease on the real PostgreSQL: real sessions, terminated, handed over, frozen with
 * SIGSTOP and killed with SIGKILL in processes of their own, and refused behind a real PgBouncer in
 * transaction mode. Each test takes its own random lock key.
 */
const databaseUrl = process.env.CORRAL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const logger = pino({ level: 'silent' })
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

// Large and negative keys too: a bigint key is split over pg_locks' classid (high half) and objid.
const newKey = () => {
  const magnitude = BigInt(randomInt(1, 2 ** 47)) << 15n
  return randomInt(2) === 0 ? magnitude : -magnitude
}

function startLease(lockKey: bigint, url = databaseUrl) {
  const lease = new LeaderLease({
    logger,
    open: () => openLeaseConnection({ url, lockKey, variable: 'CORRAL_DATABASE_SESSION_URL' }),
  })
  lease.start()
  cleanups.push(() => lease.stop())
  return lease
}

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

const terminate = (pid: number) => admin('select pg_terminate_backend($1)', [pid])

/** Samples every 2 ms how many of the leases would dispatch at once. */
function watchDispatchers(leases: LeaderLease[]) {
  let most = 0
  const timer = setInterval(() => {
    most = Math.max(most, leases.filter((lease) => lease.mayDispatch()).length)
  }, 2)
  cleanups.push(async () => clearInterval(timer))
  return { most: () => most }
}

async function until(condition: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`)
    await sleep(5)
  }
}

describe('the scheduler lease', () => {
  it('has exactly one holder among three, and a new one within 2 s of its session being terminated', async () => {
    const key = newKey()
    const leases = [startLease(key), startLease(key), startLease(key)]
    const watch = watchDispatchers(leases)
    await until(() => leases.some((lease) => lease.mayDispatch()), 5000, 'a first leader')
    await sleep(1500)
    expect(leases.filter((lease) => lease.status().role === 'leader')).toHaveLength(1)
    const leader = leases.find((lease) => lease.status().role === 'leader')!
    const holders = await admin<{ pid: number }>(
      `select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1
         and ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [key.toString()],
    )
    expect(holders).toEqual([{ pid: leader.status().backendPid }])

    const terminatedAt = Date.now()
    await terminate(leader.status().backendPid!)
    const others = leases.filter((lease) => lease !== leader)
    // The lock passes at once; dispatching starts after the grace (1.7 s), with room for a loaded machine.
    await until(() => others.some((lease) => lease.status().role === 'leader'), 2000, 'a new holder')
    await until(() => others.some((lease) => lease.mayDispatch()), 3000, 'a new leader dispatching')
    expect(Date.now() - terminatedAt).toBeLessThanOrEqual(3000)
    const next = others.find((lease) => lease.mayDispatch())!
    expect(leader.mayDispatch()).toBe(false)
    await sleep(1500)
    expect(leases.filter((lease) => lease.status().role === 'leader')).toEqual([next])
    expect(watch.most()).toBe(1)
  })

  it('hands the lock over on a planned stop, at once, and the stopped one never takes it back', async () => {
    const key = newKey()
    const first = startLease(key)
    await until(() => first.mayDispatch(), 5000, 'the first leader')
    const second = startLease(key)
    const watch = watchDispatchers([first, second])
    await sleep(300)
    expect(second.status().role).toBe('follower')
    const stoppedAt = Date.now()
    await first.stop()
    await until(() => second.status().role === 'leader', 2000, 'the hand-over')
    await until(() => second.mayDispatch(), 3000, 'the new leader dispatching')
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(3000)
    await sleep(1200)
    expect(first.status().role).toBe('follower')
    expect(watch.most()).toBe(1)
  })

  it('gives the lock to another replica within 2 s of a kill -9 of its holder', async () => {
    const key = newKey()
    const child = startLeaseChild(databaseUrl, key)
    cleanups.push(() => child.stop())
    await child.waitFor((sample) => sample.may)
    const survivor = startLease(key)
    await sleep(500)
    expect(survivor.status().role).toBe('follower')
    const killedAt = Date.now()
    child.signal('SIGKILL')
    await until(() => survivor.status().role === 'leader', 2000, 'the survivor holding the lock')
    await until(() => survivor.mayDispatch(), 3000, 'the survivor dispatching')
    expect(Date.now() - killedAt).toBeLessThanOrEqual(3000)
  })

  it(
    'keeps a frozen leader the only one for 30 s, and after SIGCONT it dispatches nothing until a heartbeat confirms',
    { timeout: 60_000 },
    async () => {
      const key = newKey()
      const child = startLeaseChild(databaseUrl, key)
      cleanups.push(() => child.stop())
      await child.waitFor((sample) => sample.may)
      const other = startLease(key)
      const watch = watchDispatchers([other])
      await sleep(300)
      child.signal('SIGSTOP')
      const frozenAt = Date.now()
      await sleep(30_000)
      expect(watch.most()).toBe(0)
      expect(other.status().role).toBe('follower')
      child.signal('SIGCONT')
      await child.waitFor((sample) => sample.at > frozenAt + 30_000)
      // The child printed nothing while frozen: its first line after is the first thing it did.
      const firstAfterResume = child.samples.find((sample) => sample.at > frozenAt + 1000)!
      expect(firstAfterResume.may).toBe(false)
      await child.waitFor((sample) => sample.may, 5000)
      expect(watch.most()).toBe(0)
    },
  )

  it('lets another replica lead once an operator evicts a frozen leader, and the old one stays fenced', async () => {
    const key = newKey()
    const child = startLeaseChild(databaseUrl, key)
    cleanups.push(() => child.stop())
    const leading = await child.waitFor((sample) => sample.may)
    const other = startLease(key)
    await sleep(300)
    child.signal('SIGSTOP')
    await terminate(leading.pid!)
    await until(() => other.mayDispatch(), 3000, 'the other replica dispatching')
    const resumedAfter = Date.now()
    child.signal('SIGCONT')
    await child.waitFor((sample) => sample.at > resumedAfter && sample.role === 'follower', 5000)
    await sleep(1500)
    const afterResume = child.samples.filter((sample) => sample.at > resumedAfter)
    expect(afterResume.some((sample) => sample.may)).toBe(false)
    expect(other.mayDispatch()).toBe(true)
  })

  it('refuses a lease session through a transaction pooler, naming the variable, and works through a session pooler', async () => {
    const transaction = await startPgBouncer(databaseUrl, 'transaction')
    cleanups.push(() => transaction.stop())
    const refusal = await openLeaseConnection({
      url: transaction.url,
      lockKey: newKey(),
      variable: 'CORRAL_DATABASE_SESSION_URL',
    }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(StartupError)
    expect((refusal as Error).message).toMatch(/^CORRAL_DATABASE_SESSION_URL: .*transaction pooler/)
    expect((refusal as Error).message).not.toContain('postgres@')

    const lease = startLease(newKey(), transaction.url)
    await until(() => lease.status().problem !== undefined, 5000, 'the refusal')
    expect(lease.mayDispatch()).toBe(false)

    const session = await startPgBouncer(databaseUrl, 'session')
    cleanups.push(() => session.stop())
    const pooled = startLease(newKey(), session.url)
    await until(() => pooled.mayDispatch(), 5000, 'a leader through the session pooler')
  })
})
