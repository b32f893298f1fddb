import { describe, expect, it } from 'vitest'
import { PasswordHasher } from '../../src/passwords/password-hasher.ts'

describe('the password hasher under a flood', () => {
  it('runs a bounded number of argon2 computations at once and refuses past a bounded queue', async () => {
    const hasher = new PasswordHasher({ concurrent: 2, waiting: 3 })
    const hash = await hasher.hash('a correct horse battery staple')
    let mostRunning = 0
    const sampler = setInterval(() => (mostRunning = Math.max(mostRunning, hasher.load.running)), 1)
    const attempts = Array.from({ length: 8 }, () =>
      hasher.verify(hash, 'a wrong guess').then(
        () => 'checked',
        (error: { code?: string; retryAfterSeconds?: number }) => `${error.code} ${error.retryAfterSeconds}`,
      ),
    )
    const outcomes = await Promise.all(attempts)
    clearInterval(sampler)
    expect(outcomes.filter((outcome) => outcome === 'checked')).toHaveLength(5)
    expect(outcomes.filter((outcome) => outcome === 'CORRAL_ERR_BUSY 1')).toHaveLength(3)
    expect(mostRunning).toBeLessThanOrEqual(2)
    expect(await hasher.verify(hash, 'a correct horse battery staple')).toBe(true)
  }, 60_000)
})
