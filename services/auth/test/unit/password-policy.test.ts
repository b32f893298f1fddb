import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { assertStrongPassword, scoredLength } from '../../src/passwords/password-policy.ts'

describe('the password policy', () => {
  it('refuses guessable passwords and accepts random ones', () => {
    expect(() => assertStrongPassword('password123', 'ann')).toThrow(/too easy to guess/)
    expect(() => assertStrongPassword('ann-ann-ann-ann', 'ann')).toThrow(/too easy to guess/)
    expect(() => assertStrongPassword(randomBytes(12).toString('base64'), 'ann')).not.toThrow()
  })

  it('scores only the first characters, however long the password', () => {
    // What follows the scored part cannot make a weak start strong (nor cost the event loop anything).
    const weakStart = 'a'.repeat(scoredLength)
    expect(() => assertStrongPassword(weakStart + randomBytes(96).toString('base64'), 'ann')).toThrow(
      /too easy to guess/,
    )
    const started = performance.now()
    for (let attempt = 0; attempt < 3; attempt++)
      assertStrongPassword(randomBytes(192).toString('base64'), 'ann')
    console.info(
      `three random 256-character passwords scored in ${(performance.now() - started).toFixed(0)} ms`,
    )
  })
})
