import { addressGroup, Errors, usernameKey as normalizedUsername, withRetryAfter } from '@corral/core'
import type { LoginThrottleRepository } from './login-throttle-repository.ts'

export interface ThrottlePolicy {
  windowMs: number
  /** Failures allowed per username in the window: stops guessing one account's password. */
  perUsername: number
  /** Failures allowed per client address: stops one machine spraying many accounts. */
  perAddress: number
}

export const defaultThrottlePolicy: ThrottlePolicy = { windowMs: 15 * 60_000, perUsername: 5, perAddress: 30 }

/** A sign-in in progress, already counted as a failure until it succeeds. */
export interface LoginAttempt {
  usernameKey: string
  addressKey: string | null
  at: Date
}

/**
 * Sign-in throttling by username and by client address over a sliding window. A throttled attempt is
 * refused before the password is checked, with a `Retry-After` for when the oldest failure leaves
 * the window.
 *
 * Every attempt is written down as a failure *before* the password is checked and the count is read
 * after that write, so concurrent guesses see each other: twenty guesses sent at once get at most
 * `perUsername` checks, not twenty (each would otherwise pass the check before any failure was
 * recorded). A successful attempt takes its record back.
 */
export class LoginThrottle {
  constructor(
    private readonly repository: LoginThrottleRepository,
    private readonly policy: ThrottlePolicy = defaultThrottlePolicy,
  ) {}

  async begin(username: string, ip: string | null): Promise<LoginAttempt> {
    const attempt: LoginAttempt = {
      usernameKey: usernameKey(username),
      addressKey: ip ? addressKey(ip) : null,
      at: new Date(),
    }
    const keys = keysOf(attempt)
    await this.repository.record(keys, attempt.at)
    const since = new Date(attempt.at.getTime() - this.policy.windowMs)
    const checks: [string | null, number][] = [
      [attempt.usernameKey, this.policy.perUsername],
      [attempt.addressKey, this.policy.perAddress],
    ]
    for (const [key, limit] of checks) {
      if (!key) continue
      const { count, oldest } = await this.repository.failuresSince(key, since)
      // `count` includes this attempt: with `limit` failures already recorded it is refused.
      if (count > limit) {
        // A refused attempt checked nothing, so it does not count (and does not extend the wait).
        await this.repository.remove(keys, attempt.at)
        const retryAfterMs = (oldest?.getTime() ?? Date.now()) + this.policy.windowMs - Date.now()
        throw withRetryAfter(new Errors.loginThrottled(), retryAfterMs / 1000)
      }
    }
    return attempt
  }

  /** A correct password clears the username's failures (not the address's: sprayers stay slowed). */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.repository.clear(attempt.usernameKey)
    if (attempt.addressKey) await this.repository.remove([attempt.addressKey], attempt.at)
  }

  purge(): Promise<void> {
    return this.repository.purge(new Date(Date.now() - this.policy.windowMs))
  }
}

/** The same form of the name as the account lookup uses, so no spelling of a name escapes its count. */
const usernameKey = (username: string) => `user:${normalizedUsername(username)}`
/** IPv6 clients are counted by their /64: one machine can pick any address in it. */
const addressKey = (ip: string) => `ip:${addressGroup(ip)}`
const keysOf = (attempt: LoginAttempt) =>
  attempt.addressKey ? [attempt.usernameKey, attempt.addressKey] : [attempt.usernameKey]
