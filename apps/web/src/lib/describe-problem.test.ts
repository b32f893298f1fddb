import { describe, expect, it } from 'vitest'
import { describeError, describeProblem } from './describe-problem.ts'
import { HttpError } from '@corral/web-kit'
import { readableValidation } from './readable-validation.ts'

describe('describeProblem', () => {
  it("titles every error by the API's code and keeps the API's message", () => {
    expect(describeProblem({ code: 'CORRAL_ERR_WEAK_PASSWORD', message: 'Add another word.' })).toEqual({
      kind: 'invalid',
      title: 'Choose a stronger password',
      message: 'Add another word.',
      retryAfterSeconds: null,
    })
    expect(
      describeProblem({ code: 'CORRAL_ERR_CONFLICT', message: 'The username "ada" is taken' }),
    ).toMatchObject({
      title: 'That clashes with what exists',
      message: 'The username "ada" is taken',
    })
  })

  it('says the model servers are down with the server’s message', () => {
    const problem = describeProblem({
      code: 'CORRAL_ERR_NO_BACKEND',
      message: 'No Ollama backend is reachable',
      retryAfterSeconds: 5,
    })
    expect(problem).toEqual({
      kind: 'down',
      title: 'The model servers are down',
      message: 'No Ollama backend is reachable',
      retryAfterSeconds: 5,
    })
  })

  it('reads a code it does not know as words, and a bare HTTP status by its meaning', () => {
    expect(describeProblem({ code: 'CORRAL_ERR_KEY_EXPIRED', message: 'x' }).title).toBe('Key expired')
    expect(describeError(new HttpError(502, 'HTTP_502', 'Bad Gateway'))).toMatchObject({
      kind: 'down',
      title: 'Corral is unavailable',
      message: 'Bad Gateway',
    })
    expect(describeError(new HttpError(404, 'HTTP_404', 'Not Found')).title).toBe('Not found')
  })

  it('never titles a server error "Something went wrong"', () => {
    const codes = [
      'CORRAL_ERR_BAD_REQUEST',
      'CORRAL_ERR_VALIDATION',
      'CORRAL_ERR_NOT_FOUND',
      'CORRAL_ERR_INTERNAL',
      'HTTP_418',
    ]
    for (const code of codes)
      expect(describeProblem({ code, message: 'm' }).title).not.toMatch(/something went wrong/i)
  })
})

describe('readableValidation', () => {
  it('names the field and the rule once, as sentences', () => {
    expect(readableValidation('body/name must NOT have fewer than 1 characters')).toBe(
      'Name must not be empty.',
    )
    expect(readableValidation("body must have required property 'username'")).toBe('Username is required.')
    expect(
      readableValidation(
        'body/role must be equal to constant, body/role must be equal to constant, body/role must match a schema in anyOf',
      ),
    ).toBe('Role is not one of the allowed values.')
    expect(readableValidation('body/options/num_ctx must be >= 256, body/max_uses must be <= 1000')).toBe(
      'Num ctx must be at least 256. Max uses must be at most 1000.',
    )
  })

  it('only capitalises a message that names no part of the request', () => {
    expect(readableValidation('expires_at must be in the future')).toBe('Expires_at must be in the future.')
  })

  it('is what a validation problem shows', () => {
    expect(
      describeProblem({
        code: 'CORRAL_ERR_VALIDATION',
        message: 'body/password must NOT have more than 256 characters',
      }),
    ).toMatchObject({
      title: 'Check what you entered',
      message: 'Password must have at most 256 characters.',
    })
  })
})
