import argon2 from 'argon2'
import pLimit, { type LimitFunction } from 'p-limit'
import { Errors, withRetryAfter } from '@corral/core'

export interface HashingCapacity {
  /** argon2 computations at once: each takes 64 MiB and one of libuv's four threads. */
  concurrent: number
  /** Computations allowed to wait for one; past it the request is refused (503) at once. */
  waiting: number
}

/**
 * Two at a time leaves libuv's other threads to everything else that uses them (file access, DNS,
 * the WebCrypto that verifies access tokens), and bounds argon2's memory to 128 MiB however many
 * sign-ins arrive at once.
 */
export const defaultHashingCapacity: HashingCapacity = { concurrent: 2, waiting: 64 }

/**
 * argon2id with the library's defaults (OWASP's recommended parameters for argon2id: 64 MiB, 3
 * passes). Verifying against a dummy hash when the user does not exist keeps unknown-user and
 * wrong-password answers equally slow. Every computation goes through one bounded queue, so a flood of
 * sign-ins from many addresses (each under its throttle) cannot pile up argon2 work without limit.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined
  private readonly limit: LimitFunction

  constructor(private readonly capacity: HashingCapacity = defaultHashingCapacity) {
    this.limit = pLimit(capacity.concurrent)
  }

  /** Computations running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.limit.activeCount, waiting: this.limit.pendingCount }
  }

  hash(password: string): Promise<string> {
    return this.bounded(() => argon2.hash(password, { type: argon2.argon2id }))
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    this.dummyHash ??= argon2.hash('corral-dummy-password-for-timing', { type: argon2.argon2id })
    const target = hash ?? (await this.dummyHash)
    try {
      const ok = await this.bounded(() => argon2.verify(target, password))
      return ok && hash !== undefined
    } catch (error) {
      if ((error as { code?: string }).code === 'CORRAL_ERR_BUSY') throw error
      return false
    }
  }

  private bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.capacity.waiting)
      throw withRetryAfter(new Errors.busy('Too many sign-ins at once; try again in a moment'), 1)
    return this.limit(work)
  }
}
