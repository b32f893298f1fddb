import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { LeaderLease, type LeaseConnection, StartupError } from '../src/index.ts'

/** A lease session whose lock, answers and failure the test decides. */
class ScriptedConnection implements LeaseConnection {
  readonly backendPid = 4242
  released = false
  destroyed = false
  /** What the next heartbeats answer: a value, or a promise the test settles later. */
  answer: () => Promise<boolean> = async () => true
  private grant!: () => void
  private readonly granted = new Promise<void>((resolve) => (this.grant = resolve))
  private fail!: (error: Error) => void
  readonly lost = new Promise<Error>((resolve) => (this.fail = resolve))

  acquire = () => this.granted
  holds = () => this.answer()
  release = async () => {
    this.released = true
  }
  destroy = () => {
    this.destroyed = true
    this.fail(new Error('destroyed'))
  }
  giveLock = () => this.grant()
  loseSession = () => this.fail(new Error('terminating connection due to administrator command'))
}

const logger = pino({ level: 'silent' })
// Wide enough that a loaded machine's pauses of a few tens of ms do not flip an assertion.
const timing = { heartbeatMs: 50, validityMs: 150, graceMarginMs: 30, retryMs: 10 }
const graceMs = timing.validityMs + timing.graceMarginMs
const leases: LeaderLease[] = []
afterEach(async () => {
  await Promise.all(leases.splice(0).map((lease) => lease.stop()))
})

function startLease(connections: ScriptedConnection[], extra: { now?: () => number } = {}) {
  const events: string[] = []
  let opened = 0
  const lease = new LeaderLease({
    ...timing,
    ...extra,
    logger,
    open: async () => {
      const next = connections[opened++]
      if (!next) throw new Error('no more sessions')
      return next
    },
    onRoleChange: (role) => events.push(role),
    // Grace timer and heartbeat may both announce it: the scheduler just looks again.
    // What matters is that each announcement finds dispatching allowed.
    onDispatchAllowed: () => {
      if (!lease.mayDispatch()) events.push('announced while not allowed')
      else if (events.at(-1) !== 'allowed') events.push('allowed')
    },
  })
  leases.push(lease)
  lease.start()
  return { lease, events }
}

const until = async (condition: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(2)
  }
}

describe('the leader lease', () => {
  it('does not dispatch while it waits for the lock, nor in the grace after taking it', async () => {
    const connection = new ScriptedConnection()
    const { lease, events } = startLease([connection])
    await sleep(50)
    expect(lease.status().role).toBe('follower')
    expect(lease.mayDispatch()).toBe(false)
    const grantedAt = Date.now()
    connection.giveLock()
    await until(() => lease.status().role === 'leader')
    expect(lease.mayDispatch()).toBe(false)
    await until(() => events.includes('allowed'))
    expect(Date.now() - grantedAt).toBeGreaterThanOrEqual(graceMs - 2)
    expect(lease.mayDispatch()).toBe(true)
    expect(events).toEqual(['leader', 'allowed'])
  })

  it('fences at once when its session is lost, and takes a new one', async () => {
    const first = new ScriptedConnection()
    const second = new ScriptedConnection()
    const { lease, events } = startLease([first, second])
    first.giveLock()
    await until(() => lease.mayDispatch())
    first.loseSession()
    await Promise.resolve()
    expect(lease.mayDispatch()).toBe(false)
    expect(lease.status().role).toBe('follower')
    await until(() => first.destroyed)
    second.giveLock()
    await until(() => lease.mayDispatch() && events.length === 5)
    expect(events).toEqual(['leader', 'allowed', 'follower', 'leader', 'allowed'])
  })

  it('fences when a heartbeat says this session no longer holds the lock', async () => {
    const connection = new ScriptedConnection()
    const { lease } = startLease([connection])
    connection.giveLock()
    await until(() => lease.mayDispatch())
    connection.answer = async () => false
    await until(() => lease.status().role === 'follower', 200)
    expect(lease.mayDispatch()).toBe(false)
    expect(connection.destroyed).toBe(true)
  })

  it('pauses while heartbeats go unanswered, keeping the lock, and goes on when they answer', async () => {
    const connection = new ScriptedConnection()
    const { lease } = startLease([connection])
    connection.giveLock()
    await until(() => lease.mayDispatch())
    let answer!: (held: boolean) => void
    connection.answer = () => new Promise<boolean>((resolve) => (answer = resolve))
    await until(() => !lease.mayDispatch(), 500)
    expect(lease.status().role).toBe('leader')
    expect(connection.destroyed).toBe(false)
    connection.answer = async () => true
    answer(true)
    await until(() => lease.mayDispatch(), 500)
  })

  it('dispatches nothing after a freeze until a new heartbeat confirms the lock', async () => {
    let offset = 0
    const connection = new ScriptedConnection()
    const { lease } = startLease([connection], { now: () => Date.now() + offset })
    connection.giveLock()
    await until(() => lease.mayDispatch())
    let answer!: (held: boolean) => void
    connection.answer = () => new Promise<boolean>((resolve) => (answer = resolve))
    await until(() => answer !== undefined)
    // The process was stopped for 30 s: the clock jumps, the heartbeat in flight answers late.
    offset = 30_000
    expect(lease.mayDispatch()).toBe(false)
    connection.answer = async () => true
    answer(true)
    await sleep(1)
    expect(lease.mayDispatch()).toBe(false) // that answer was sent before the freeze
    await until(() => lease.mayDispatch(), 500)
  })

  it('gives the lock back on stop and never takes it again', async () => {
    const connection = new ScriptedConnection()
    const spare = new ScriptedConnection()
    spare.giveLock()
    const { lease } = startLease([connection, spare])
    connection.giveLock()
    await until(() => lease.mayDispatch())
    await lease.stop()
    expect(lease.mayDispatch()).toBe(false)
    expect(connection.released).toBe(true)
    expect(connection.destroyed).toBe(true)
    await sleep(50)
    expect(lease.status().role).toBe('follower')
  })

  it('says why when the database sits behind a transaction pooler, and keeps trying', async () => {
    let attempts = 0
    const lease = new LeaderLease({
      ...timing,
      logger,
      open: async () => {
        attempts++
        throw new StartupError('CORRAL_DATABASE_SESSION_URL', 'goes through a transaction pooler', 'Fix it')
      },
    })
    leases.push(lease)
    lease.start()
    await until(() => lease.status().problem !== undefined)
    expect(lease.status().problem).toMatch(/^CORRAL_DATABASE_SESSION_URL: /)
    expect(lease.mayDispatch()).toBe(false)
    await sleep(120)
    expect(attempts).toBeGreaterThan(1)
  })

  it('stops at once while a session is still opening, and closes that session when it opens', async () => {
    let finishOpening!: (connection: LeaseConnection) => void
    const lease = new LeaderLease({
      ...timing,
      logger,
      open: () => new Promise<LeaseConnection>((resolve) => (finishOpening = resolve)),
    })
    lease.start()
    await sleep(5)
    const started = Date.now()
    await lease.stop()
    expect(Date.now() - started).toBeLessThan(100)
    const late = new ScriptedConnection()
    finishOpening(late)
    await until(() => late.destroyed)
  })

  it('stops within the unlock deadline when the database no longer answers', async () => {
    const connection = new ScriptedConnection()
    const { lease } = startLease([connection])
    connection.giveLock()
    await until(() => lease.mayDispatch())
    connection.answer = () => new Promise<boolean>(() => undefined)
    connection.release = () => new Promise<void>(() => undefined)
    await sleep(timing.heartbeatMs * 2)
    const started = Date.now()
    await lease.stop()
    expect(Date.now() - started).toBeLessThan(3000)
    expect(connection.destroyed).toBe(true)
  })

  it('keeps its lock and process when a callback throws', async () => {
    const connection = new ScriptedConnection()
    const errors: unknown[] = []
    const lease = new LeaderLease({
      ...timing,
      logger: {
        ...logger,
        error: (entry: unknown) => errors.push(entry),
        info: () => {},
        warn: () => {},
      } as never,
      open: async () => connection,
      onRoleChange: () => {
        throw new Error('scheduler bug')
      },
      onDispatchAllowed: () => {
        throw new Error('scheduler bug')
      },
    })
    leases.push(lease)
    lease.start()
    connection.giveLock()
    await until(() => lease.mayDispatch())
    await sleep(timing.heartbeatMs * 3)
    expect(lease.status().role).toBe('leader')
    expect(connection.destroyed).toBe(false)
    expect(errors.length).toBeGreaterThan(1)
  })
})
