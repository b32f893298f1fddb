import { describe, expect, it } from 'vitest'
import { StrengthCheckPacer } from '../../src/passwords/strength-check-pacer.ts'

describe('the password-strength check pacer', () => {
  it('lets a burst over the budget wait for the next second and refuses only past the waiting bound', async () => {
    const pacer = new StrengthCheckPacer(2, 2)
    const started = Date.now()
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        pacer.turn().then(
          () => Date.now() - started,
          (error: { code?: string }) => error.code,
        ),
      ),
    )
    const admitted = outcomes.filter((outcome): outcome is number => typeof outcome === 'number')
    expect(outcomes.filter((outcome) => outcome === 'CORRAL_ERR_BUSY')).toHaveLength(1)
    expect(admitted).toHaveLength(4)
    // Two at once, two after the first second's budget renewed.
    expect(admitted.filter((elapsed) => elapsed < 500)).toHaveLength(2)
    expect(admitted.filter((elapsed) => elapsed >= 900)).toHaveLength(2)
  })
})
