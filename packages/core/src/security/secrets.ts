import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * A new random 256-bit secret with a recognisable prefix (`corral_sk_…`), so leaked keys are easy to
 * find with secret scanners and people can tell keys from tokens at a glance.
 */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

/** Secrets are stored and looked up only as SHA-256 hashes (hex). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** The part of a secret that is safe to show in lists: the prefix and a few characters. */
export function displayPrefix(secret: string, prefix: string): string {
  return secret.slice(0, prefix.length + 6)
}

/** Constant-time comparison of two strings (different lengths compare unequal without early exit). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  if (left.length !== right.length) {
    timingSafeEqual(left, left)
    return false
  }
  return timingSafeEqual(left, right)
}

export const secretPrefixes = {
  apiKey: 'corral_sk_',
  refreshToken: 'corral_rt_',
  registrationToken: 'corral_inv_',
  internalToken: 'corral_int_',
} as const
