import { describe, expect, it } from 'vitest'
import { HttpError } from '@corral/web-kit'
import { describeError, humanizeValidation } from './describe-problem.ts'

describe('describing errors for people', () => {
  it('titles an error by its stable code and keeps the server’s message', () => {
    const problem = describeError(
      new HttpError(409, 'CORRAL_ERR_LAST_ADMIN', 'This would demote the last enabled admin'),
    )
    expect(problem).toMatchObject({
      title: 'The last administrator must stay',
      message: 'This would demote the last enabled admin',
      code: 'CORRAL_ERR_LAST_ADMIN',
    })
  })

  it('puts a validation error beside the field it names', () => {
    const problem = describeError(
      new HttpError(400, 'CORRAL_ERR_VALIDATION', 'body/limits/daily_token_quota must be >= 1', null, true, [
        { in: 'body', path: '/limits/daily_token_quota', message: 'must be >= 1' },
      ]),
    )
    expect(problem.field).toBe('limits.daily_token_quota')
    expect(problem.fieldErrors).toEqual({
      'limits.daily_token_quota': 'Daily token quota must be at least 1.',
    })
    expect(problem.title).toBe('Check the highlighted field')
  })

  it('rewords the validator’s message when the server names no field', () => {
    expect(humanizeValidation('body/queue/max_wait_seconds must be <= 86400')).toEqual({
      field: 'queue.max_wait_seconds',
      message: 'Max wait seconds must be at most 86400.',
    })
    expect(humanizeValidation('something else entirely')).toEqual({
      field: null,
      message: 'something else entirely',
    })
  })

  it('says when to try again', () => {
    expect(describeError(new HttpError(429, 'CORRAL_ERR_RATE_LIMITED', 'Slow down', 7)).message).toBe(
      'Slow down Try again in 7 s.',
    )
  })

  it('has a title for codes it does not know, by status', () => {
    expect(describeError(new HttpError(418, 'CORRAL_ERR_TEAPOT', 'short and stout')).title).toBe(
      'The request was refused',
    )
    expect(describeError(new Error('boom'))).toMatchObject({ title: 'Something went wrong', message: 'boom' })
  })
})
