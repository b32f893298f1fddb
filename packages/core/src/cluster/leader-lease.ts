import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'
import { StartupError } from '../config/startup-error.ts'
import type { LeaseConnection } from './lease-connection.ts'

export type LeaseRole = 'follower' | 'leader'

export interface LeaseStatus {
  role: LeaseRole
  /** The backend pid of the session that holds (or waits for) the lock. */
  backendPid: number | undefined
  /** How long ago the last heartbeat that confirmed the lock was sent; undefined unless leading. */
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
   * Longer than the heartbeat plus its round trip, so a healthy holder does not pause.
   */
  validityMs?: number
  /**
   * Added to `validityMs` for the wait of a new holder before its first dispatch: the holder before
   * it may act on its last confirmation until that ran out, and the margin covers the time between a
   * `mayDispatch()` check and the request it lets out (a garbage-collection pause, a busy loop).
   */
  graceMarginMs?: number
  /**
   * How long a heartbeat may go unanswered before the session is given up (and with it the lock).
   * A slow answer alone only pauses dispatching, through `validityMs`: a busy database must not
   * move the lease from one replica to another.
   */
  abandonAfterMs?: number
  /** Longest wait for a new lease session to open (connect, settings, pooler probe). */
  openTimeoutMs?: number
  /** Pause before a lost session is reopened. */
  retryMs?: number
  /** A monotonic clock in ms (a wall clock may jump, and every comparison here is a duration). */
  now?: () => number
  /** The role changed. */
  onRoleChange?: (role: LeaseRole) => void
  /**
   * `mayDispatch()` is true: the scheduler should look at its queue again. Called when the grace of
   * a new holder ends and after every confirming heartbeat (once a second), so a pause of dispatching
   * (a slow heartbeat) always ends with a call; a call that finds nothing to start costs nothing.
   */
  onDispatchAllowed?: () => void
}

/**
 * Leader election on one PostgreSQL session advisory lock, with self-fencing. Every replica runs
 * one; the session that holds the lock is the leader. The leader may dispatch only while a heartbeat
 * sent less than `validityMs` ago confirmed that this very session holds the lock, so a leader whose
 * session failed, or whose process was frozen, stops by itself: after a SIGSTOP its last confirmation
 * is stale, and it dispatches nothing until a new heartbeat confirms. The server frees the lock only
 * when the holder's session ends, and a new holder waits `validityMs + graceMarginMs` before
 * dispatching, so two leaders do not dispatch at once unless one of them stalls for longer than the
 * margin between a check and its send. Framework-free; `mayDispatch()` is a clock comparison.
 */
export class LeaderLease {
  private readonly heartbeatMs: number
  private readonly validityMs: number
  private readonly graceMarginMs: number
  private readonly abandonAfterMs: number
  private readonly openTimeoutMs: number
  private readonly retryMs: number
  private readonly now: () => number
  private role: LeaseRole = 'follower'
  private connection: LeaseConnection | undefined
  private dispatchFrom = Number.POSITIVE_INFINITY
  private validUntil = 0
  private confirmedAt: number | undefined
  private problem: string | undefined
  private readonly stopping = new AbortController()
  private running: Promise<void> | undefined
  private graceTimer: NodeJS.Timeout | undefined

  constructor(private readonly options: LeaderLeaseOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 1000
    this.validityMs = options.validityMs ?? 1300
    this.graceMarginMs = options.graceMarginMs ?? 400
    this.abandonAfterMs = options.abandonAfterMs ?? 10_000
    this.openTimeoutMs = options.openTimeoutMs ?? 15_000
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
   * this lease never takes it again. Running work is the caller's to finish. Never hangs: a database
   * that does not answer the unlock within 2 s gets its session cut, which frees the lock too.
   */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return this.running
    const connection = this.connection
    const wasLeader = this.role === 'leader'
    this.fence()
    this.stopping.abort()
    if (connection && wasLeader)
      await answerWithin(
        connection.release().catch(() => undefined),
        2000,
      )
    connection?.destroy()
    await this.running
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let led = false
      try {
        const connection = await this.openSession()
        this.problem = undefined
        this.connection = connection
        if (this.stopped) break
        await Promise.race([connection.acquire(), connection.lost.then((error) => Promise.reject(error))])
        if (this.stopped) break
        led = true
        this.becomeLeader(connection)
        await this.holdWhileConfirmed(connection)
      } catch (error) {
        if (!this.stopped) this.noteFailure(error as Error, led)
      } finally {
        // Whatever ended the attempt, the session goes: a stop must never wait on a live one.
        this.fence()
        this.connection?.destroy()
        this.connection = undefined
      }
      if (!this.stopped) await this.pause(this.problem ? this.retryMs * 5 : this.retryMs)
    }
  }

  /** `open()` within `openTimeoutMs`; a session that opens after the deadline, or after a stop, is closed. */
  private async openSession(): Promise<LeaseConnection> {
    const opening = this.options.open()
    let onStop: () => void = () => undefined
    const stopped = new Promise<'stopped'>((resolve) => {
      onStop = () => resolve('stopped')
      this.stopping.signal.addEventListener('abort', onStop, { once: true })
    })
    const outcome = await answerWithin(Promise.race([opening, stopped]), this.openTimeoutMs).finally(() =>
      this.stopping.signal.removeEventListener('abort', onStop),
    )
    if (outcome === 'timeout' || outcome === 'stopped') {
      opening.then(
        (late) => late.destroy(),
        () => undefined,
      )
      throw new Error(
        outcome === 'timeout' ? `the lease session did not open within ${this.openTimeoutMs} ms` : 'stopped',
      )
    }
    return outcome
  }

  private becomeLeader(connection: LeaseConnection): void {
    // Fence in the same turn the session fails, before any other callback can dispatch.
    void connection.lost.then(() => {
      if (this.connection === connection) this.fence()
    })
    this.dispatchFrom = this.now() + this.validityMs + this.graceMarginMs
    this.validUntil = 0
    this.role = 'leader'
    this.options.logger.info({ backendPid: connection.backendPid }, 'this replica holds the scheduler lease')
    this.notify(() => this.options.onRoleChange?.('leader'))
    this.armGraceTimer()
  }

  /** Announces the end of the grace; timers may fire a little early, so it re-arms until it has ended. */
  private armGraceTimer(): void {
    clearTimeout(this.graceTimer)
    if (this.role !== 'leader') return
    const wait = this.dispatchFrom - this.now()
    if (wait <= 0) {
      if (this.mayDispatch()) this.notify(() => this.options.onDispatchAllowed?.())
      return
    }
    this.graceTimer = setTimeout(() => this.armGraceTimer(), Math.ceil(wait))
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
      throwIfLost()
      const sentAt = this.now()
      // A lost session (or a stop, which cuts it) ends the wait at once; one that hangs is given up
      // after abandonAfterMs.
      const lost = new Promise<'lost'>((resolve) => (session.wake = () => resolve('lost')))
      const answer = await answerWithin(Promise.race([connection.holds(), lost]), this.abandonAfterMs)
      session.wake = undefined
      throwIfLost()
      if (answer === 'timeout')
        throw new Error(`the lease heartbeat got no answer within ${this.abandonAfterMs} ms`)
      if (answer !== true) throw new Error('the lease session no longer holds the lock')
      if (this.stopped) return
      this.validUntil = sentAt + this.validityMs
      this.confirmedAt = sentAt
      if (this.mayDispatch()) this.notify(() => this.options.onDispatchAllowed?.())
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
    this.confirmedAt = undefined
    if (this.role === 'follower') return
    this.role = 'follower'
    this.notify(() => this.options.onRoleChange?.('follower'))
  }

  /** A callback that throws (the scheduler's, run from `resume()`) must not end the lease or the process. */
  private notify(callback: () => void): void {
    try {
      callback()
    } catch (error) {
      this.options.logger.error({ err: error }, 'a scheduler lease callback failed')
    }
  }

  private noteFailure(error: Error, wasLeader: boolean): void {
    if (error instanceof StartupError) {
      // A pooler: waiting will not fix it, and the operator must read why on every attempt.
      this.problem = error.message
      this.options.logger.error(error.message)
      return
    }
    if (wasLeader) this.options.logger.warn({ err: error }, 'lost the scheduler lease; dispatching stopped')
    else this.options.logger.warn({ err: error }, 'the scheduler lease session failed; reopening it')
  }

  /** The retry pause, cut short by a stop; its timer never keeps a process alive that is otherwise done. */
  private pause(ms: number): Promise<void> {
    return sleep(Math.max(0, ms), undefined, { ref: false, signal: this.stopping.signal }).catch(
      () => undefined,
    )
  }
}

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
