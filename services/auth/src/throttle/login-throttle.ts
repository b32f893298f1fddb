import { Errors, withRetryAfter } from '@corral/core'
import type { LoginThrottleRepository } from './login-throttle-repository.ts'

export interface ThrottlePolicy {
  windowMs: number
  /** Failures allowed per username in the window: stops guessing one account's password. */
  perUsername: number
  /** Failures allowed per client address: stops one machine spraying many accounts. */
  perAddress: number
}

export const defaultThrottlePolicy: ThrottlePolicy = { windowMs: 15 * 60_000, perUsername: 5, perAddress: 30 }

/**
 * Sign-in throttling by username and by client address over a sliding window. A throttled attempt is
 * refused before the password is checked, with a `Retry-After` for when the oldest failure leaves
 * the window.
 */
export class LoginThrottle {
  constructor(
    private readonly repository: LoginThrottleRepository,
    private readonly policy: ThrottlePolicy = defaultThrottlePolicy,
  ) {}

  async assertAllowed(username: string, ip: string | null): Promise<void> {
    const since = new Date(Date.now() - this.policy.windowMs)
    const checks: [string, number][] = [[usernameKey(username), this.policy.perUsername]]
    if (ip) checks.push([addressKey(ip), this.policy.perAddress])
    for (const [key, limit] of checks) {
      const { count, oldest } = await this.repository.failuresSince(key, since)
      if (count >= limit) {
        const retryAfterMs = (oldest?.getTime() ?? Date.now()) + this.policy.windowMs - Date.now()
        throw withRetryAfter(new Errors.loginThrottled(), retryAfterMs / 1000)
      }
    }
  }

  recordFailure(username: string, ip: string | null): Promise<void> {
    return this.repository.record(ip ? [usernameKey(username), addressKey(ip)] : [usernameKey(username)])
  }

  /** A correct password clears the username's failures (not the address's: sprayers stay slowed). */
  recordSuccess(username: string): Promise<void> {
    return this.repository.clear(usernameKey(username))
  }

  purge(): Promise<void> {
    return this.repository.purge(new Date(Date.now() - this.policy.windowMs))
  }
}

const usernameKey = (username: string) => `user:${username.toLowerCase()}`
const addressKey = (ip: string) => `ip:${ip}`
