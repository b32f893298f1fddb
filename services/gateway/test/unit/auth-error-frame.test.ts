import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { Errors, LogThrottle, withRetryAfter } from '@corral/core'
import { authErrorFrame } from '../../src/chat/auth-error-frame.ts'

describe('what a chat socket is told when authentication fails', () => {
  const log = pino({ level: 'silent' })

  it("passes on Corral's own errors, written for clients", () => {
    const frame = authErrorFrame(withRetryAfter(new Errors.databaseUnavailable(), 5), log, new LogThrottle())
    expect(frame).toMatchObject({
      type: 'error',
      code: 'CORRAL_ERR_DATABASE_UNAVAILABLE',
      retry_after_seconds: 5,
    })
  })

  it('hides anything else behind a plain failure', () => {
    const frame = authErrorFrame(
      new Error('Failed query: select * from users.users where id = $1'),
      log,
      new LogThrottle(),
    )
    expect(frame).toEqual({
      type: 'error',
      code: 'CORRAL_ERR_UNAUTHENTICATED',
      message: 'Authentication failed',
    })
  })
})
