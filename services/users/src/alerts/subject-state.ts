/** What a subject's state machine asks the evaluator to send. */
export type Transition = 'firing' | 'resolved' | undefined

/**
 * The firing/resolved machine of one subject of a rule (one backend, one key, the queue), with the
 * hysteresis that keeps a flapping condition quiet (docs/monitoring.md, "States"):
 * - it notifies only on a change of state;
 * - it resolves only after the condition has stayed clear for `resolveAfterMs`, so a backend that is
 *   up for a few seconds between failures stays firing and sends nothing;
 * - a subject that fires again within `cooldownMs` of its last firing notification changes state
 *   silently, and its matching resolution is silent too.
 */
export class SubjectState {
  state: 'firing' | 'resolved' = 'resolved'
  private clearSince: number | undefined
  private lastFiringNotice: number | undefined
  private silent = false

  constructor(
    private readonly resolveAfterMs: number,
    private readonly cooldownMs: number,
  ) {}

  /** Feeds whether the condition holds at `now`; answers the notification to send, if any. */
  update(active: boolean, now: number): Transition {
    if (this.state === 'resolved') {
      if (!active) return undefined
      this.state = 'firing'
      this.clearSince = undefined
      this.silent = this.lastFiringNotice !== undefined && now - this.lastFiringNotice < this.cooldownMs
      if (this.silent) return undefined
      this.lastFiringNotice = now
      return 'firing'
    }
    if (active) {
      this.clearSince = undefined
      return undefined
    }
    this.clearSince ??= now
    if (now - this.clearSince < this.resolveAfterMs) return undefined
    this.state = 'resolved'
    this.clearSince = undefined
    return this.silent ? undefined : 'resolved'
  }

  /** A resolved subject past its cool-down carries nothing worth keeping. */
  idle(now: number): boolean {
    return (
      this.state === 'resolved' &&
      (this.lastFiringNotice === undefined || now - this.lastFiringNotice >= this.cooldownMs)
    )
  }
}
