import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'
import { StartupError } from '../config/startup-error.ts'
import type { LeaseConnection } from './lease-connection.ts'

export type LeaseRole = 'follower' | 'leader'

export interface LeaseStatus {
  role: LeaseRole
  /** The backend pid of the session that holds (or waits for) the lock. */
  backendPid: number | undefined
  /** How long ago the last heartbeat that confirmed the lock was sent. */
  confirmedMsAgo: number | undefined
  /** Why the lease cannot be taken here (a transaction pooler); undefined when nothing is wrong. */
  problem: string | undefined
}

export interface LeaderLeaseOptions {
  open: () => Promise<LeaseConnection>
  logger: Logger
  /** How often the holder checks that its session still holds the lock (the 1 s). */
  heartbeatMs?: number
  /**
   * How long one confirmation lets the holder dispatch, counted from when its heartbeat was sent.
   * Longer than the heartbeat (plus its round trip), so a healthy holder never pauses. A new holder
   * waits this long before it dispatches: the one before it may still act on its last confirmation.
   */
  validityMs?: number
  /**
   * How long a heartbeat may go unanswered before the session is given up (and with it the lock).
   * A slow answer alone only pauses dispatching, through `validityMs`: a busy database must not
   * move the lease from one replica to another.
   */
  abandonAfterMs?: number
  /** Pause before a lost session is reopened. */
  retryMs?: number
  /** A monotonic clock in ms (a wall clock may jump, and every comparison here is a duration). */
  now?: () => number
  /** The role changed. */
  onRoleChange?: (role: LeaseRole) => void
  /** `mayDispatch()` may have become true: the scheduler should look at its queue again. */
  onDispatchAllowed?: () => void
}

/**
 * Leader election on one PostgreSQL session advisory lock, with self-fencing. Every replica runs
 * one; the session that holds the lock is the leader. The leader may dispatch only while a heartbeat
 * sent less than `validityMs` ago confirmed that this very session holds the lock, so a leader whose
 * session failed, or whose process was frozen, stops by itself: after a SIGSTOP its last confirmation
 * is stale, and it dispatches nothing until a new heartbeat confirms. The server frees the lock only
 * when the holder's session ends, and a new holder waits `validityMs` before dispatching, so two
 * leaders never dispatch at once. Framework-free; `mayDispatch()` is a clock comparison.
 */
export class LeaderLease {
  private readonly heartbeatMs: number
  private readonly validityMs: number
  private readonly abandonAfterMs: number
  private readonly retryMs: number
  private readonly now: () => number
  private role: LeaseRole = 'follower'
  private connection: LeaseConnection | undefined
  private dispatchFrom = Number.POSITIVE_INFINITY
  private validUntil = 0
  private confirmedAt: number | undefined
  private problem: string | undefined
  private stopped = false
  private running: Promise<void> | undefined
  private graceTimer: NodeJS.Timeout | undefined

  constructor(private readonly options: LeaderLeaseOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 1000
    this.validityMs = options.validityMs ?? 1500
    this.abandonAfterMs = options.abandonAfterMs ?? 10_000
    this.retryMs = options.retryMs ?? 1000
    this.now = options.now ?? (() => performance.now())
    if (this.validityMs <= this.heartbeatMs) throw new Error('validityMs must exceed heartbeatMs')
  }

  start(): void {
    this.running ??= this.run()
  }

  /** The one check the scheduler makes before each dispatch. */
  mayDispatch(): boolean {
    const now = this.now()
    return this.role === 'leader' && now >= this.dispatchFrom && now < this.validUntil
  }

  status(): LeaseStatus {
    return {
      role: this.role,
      backendPid: this.connection?.backendPid,
      confirmedMsAgo: this.confirmedAt === undefined ? undefined : this.now() - this.confirmedAt,
      problem: this.problem,
    }
  }

  /**
   * A planned stop: dispatching ends now, the lock is given back so a follower takes it at once, and
   * this lease never takes it again. Running work is the caller's to finish.
   */
  async stop(): Promise<void> {
    if (this.stopped) return this.running
    this.stopped = true
    const connection = this.connection
    const wasLeader = this.role === 'leader'
    this.fence()
    if (connection && wasLeader) await connection.release().catch(() => undefined)
    connection?.destroy()
    await this.running
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const connection = await this.options.open()
        this.problem = undefined
        if (this.stopped) {
          connection.destroy()
          break
        }
        this.connection = connection
        await Promise.race([connection.acquire(), connection.lost.then((error) => Promise.reject(error))])
        if (this.stopped) break
        this.becomeLeader(connection)
        await this.holdWhileConfirmed(connection)
      } catch (error) {
        if (this.stopped) break
        this.noteFailure(error as Error)
      }
      this.fence()
      this.connection?.destroy()
      this.connection = undefined
      if (!this.stopped) await pause(this.problem ? this.retryMs * 5 : this.retryMs)
    }
  }

  private becomeLeader(connection: LeaseConnection): void {
    // Fence in the same turn the session fails, before any other callback can dispatch.
    void connection.lost.then(() => {
      if (this.connection === connection) this.fence()
    })
    const acquiredAt = this.now()
    this.dispatchFrom = acquiredAt + this.validityMs
    this.validUntil = 0
    this.role = 'leader'
    this.options.logger.info(
      { backendPid: this.connection?.backendPid },
      'this replica holds the scheduler lease',
    )
    this.options.onRoleChange?.('leader')
    this.graceTimer = setTimeout(() => this.options.onDispatchAllowed?.(), this.validityMs)
    this.graceTimer.unref()
  }

  /**
   * Heartbeats until one fails, times out, or the session is lost; then throws. Each wait is a timer
   * of its own (not a race against the long-lived `lost` promise, which would keep a reaction per
   * heartbeat for as long as the lease is held).
   */
  private async holdWhileConfirmed(connection: LeaseConnection): Promise<void> {
    const session: { lostWith?: Error; wake?: () => void } = {}
    void connection.lost.then((error) => {
      session.lostWith = error
      session.wake?.()
    })
    const throwIfLost = () => {
      if (session.lostWith) throw session.lostWith
    }
    while (!this.stopped) {
      const sentAt = this.now()
      // A session that fails mid-query rejects it; one that hangs is given up after abandonAfterMs.
      const answer = await answerWithin(connection.holds(), this.abandonAfterMs)
      throwIfLost()
      if (answer === 'timeout')
        throw new Error(`the lease heartbeat got no answer within ${this.abandonAfterMs} ms`)
      if (answer !== true) throw new Error('the lease session no longer holds the lock')
      const wasAllowed = this.mayDispatch()
      this.validUntil = sentAt + this.validityMs
      this.confirmedAt = sentAt
      if (!wasAllowed && this.mayDispatch()) this.options.onDispatchAllowed?.()
      await new Promise<void>((resolve) => {
        session.wake = resolve
        setTimeout(resolve, Math.max(0, sentAt + this.heartbeatMs - this.now())).unref()
      })
      session.wake = undefined
      throwIfLost()
    }
  }

  /** Stops dispatching at once (before anything else is awaited). */
  private fence(): void {
    clearTimeout(this.graceTimer)
    this.dispatchFrom = Number.POSITIVE_INFINITY
    this.validUntil = 0
    if (this.role === 'follower') return
    this.role = 'follower'
    this.options.onRoleChange?.('follower')
  }

  private noteFailure(error: Error): void {
    const wasLeader = this.role === 'leader'
    this.fence()
    if (error instanceof StartupError) {
      // A pooler: waiting will not fix it, and the operator must read why on every attempt.
      this.problem = error.message
      this.options.logger.error(error.message)
      return
    }
    if (wasLeader) this.options.logger.warn({ err: error }, 'lost the scheduler lease; dispatching stopped')
    else this.options.logger.warn({ err: error }, 'the scheduler lease session failed; reopening it')
  }
}

/** The lease's own timers never keep a process alive that is otherwise done. */
const pause = (ms: number) => sleep(Math.max(0, ms), undefined, { ref: false })

async function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms)
    timer.unref()
  })
  try {
    return await Promise.race([answer, timeout])
  } finally {
    clearTimeout(timer)
  }
}
