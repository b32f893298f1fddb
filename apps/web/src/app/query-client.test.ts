import { describe, expect, it } from 'vitest'
import { HttpError } from '../lib/http-error.ts'
import { tokenStore } from '../lib/token-store.ts'
import { createQueryClient } from './query-client.ts'

describe('the QueryClient’s error policy', () => {
  it('signs out when an authenticated call gets a 401', async () => {
    tokenStore.signIn('token', 900)
    const client = createQueryClient()
    await client
      .fetchQuery({
        queryKey: ['x'],
        queryFn: () => Promise.reject(new HttpError(401, 'CORRAL_ERR_UNAUTHENTICATED', 'no', null, true)),
      })
      .catch(() => {})
    expect(tokenStore.get()).toMatchObject({
      status: 'signed-out',
      endedBecause: 'Your session ended. Sign in again.',
    })
  })

  it('stays signed in when a sign-in attempt itself gets a 401', async () => {
    tokenStore.signIn('token', 900)
    const client = createQueryClient()
    await client
      .getMutationCache()
      .build(client, {
        mutationFn: () =>
          Promise.reject(
            new HttpError(401, 'CORRAL_ERR_INVALID_CREDENTIALS', 'Invalid username or password'),
          ),
        meta: { handlesErrors: true },
      })
      .execute(undefined)
      .catch(() => {})
    expect(tokenStore.get().status).toBe('signed-in')
  })

  it('does not retry client errors', () => {
    const retry = createQueryClient().getDefaultOptions().queries?.retry as (
      failures: number,
      error: unknown,
    ) => boolean
    expect(retry(0, new HttpError(404, 'CORRAL_ERR_NOT_FOUND', 'gone'))).toBe(false)
    expect(retry(0, new HttpError(503, 'CORRAL_ERR_QUEUE_FULL', 'busy'))).toBe(true)
    expect(retry(2, new HttpError(503, 'CORRAL_ERR_QUEUE_FULL', 'busy'))).toBe(false)
  })
})
