import { describe, expect, it, vi } from 'vitest'
import { HttpError } from '../http/http-error.ts'
import { tokenStore } from '../session/token-store.ts'
import { createSessionQueryClient } from './session-query-client.ts'

const createQueryClient = (onMutationError = vi.fn()) => createSessionQueryClient({ onMutationError })

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

  it('reports a failed mutation to the app unless its form shows the error', async () => {
    const onMutationError = vi.fn()
    const client = createQueryClient(onMutationError)
    const failing = (handlesErrors: boolean) =>
      client
        .getMutationCache()
        .build(client, {
          mutationFn: () => Promise.reject(new HttpError(409, 'CORRAL_ERR_CONFLICT', 'taken')),
          meta: { handlesErrors },
        })
        .execute(undefined)
        .catch(() => {})
    await failing(true)
    expect(onMutationError).not.toHaveBeenCalled()
    await failing(false)
    expect(onMutationError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'CORRAL_ERR_CONFLICT' }),
      expect.anything(),
    )
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
