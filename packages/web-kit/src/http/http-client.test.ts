import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { http } from './http-client.ts'
import { HttpError } from './http-error.ts'
import { tokenStore } from '../session/token-store.ts'

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

describe('http', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  beforeEach(() => {
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    tokenStore.signIn('old-token', 900)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    tokenStore.setRefresher(() => Promise.resolve(null))
  })

  it('refreshes an expired access token once and retries the call', async () => {
    tokenStore.setRefresher(() => Promise.resolve({ accessToken: 'new-token', expiresInSeconds: 900 }))
    fetchMock.mockResolvedValueOnce(json(401, { code: 'CORRAL_ERR_UNAUTHENTICATED', message: 'expired' }))
    fetchMock.mockResolvedValueOnce(json(200, { ok: true }))

    await expect(http('/corral/v1/me')).resolves.toEqual({ ok: true })
    const headers = fetchMock.mock.calls.map(
      ([, init]) => (init as RequestInit).headers as Record<string, string>,
    )
    expect(headers.map((header) => header.authorization)).toEqual(['Bearer old-token', 'Bearer new-token'])
  })

  it('gives up with an authenticated 401 when the session is over', async () => {
    tokenStore.setRefresher(() => Promise.resolve(null))
    fetchMock.mockResolvedValue(json(401, { code: 'CORRAL_ERR_UNAUTHENTICATED', message: 'expired' }))

    const error = await http('/corral/v1/me').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ status: 401, authenticated: true })
    expect(tokenStore.get().status).toBe('signed-out')
  })

  it('keeps Corral’s error code, message and Retry-After', async () => {
    fetchMock.mockResolvedValue(
      json(
        429,
        {
          statusCode: 429,
          code: 'CORRAL_ERR_RATE_LIMITED',
          error: 'Too Many Requests',
          message: 'Slow down',
        },
        { 'retry-after': '7' },
      ),
    )
    const error = await http('/corral/v1/me/keys', { method: 'POST', body: {} }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(HttpError)
    expect(error).toMatchObject({
      status: 429,
      code: 'CORRAL_ERR_RATE_LIMITED',
      message: 'Slow down',
      retryAfterSeconds: 7,
    })
  })

  it('keeps the fields a validation error names', async () => {
    fetchMock.mockResolvedValue(
      json(400, {
        statusCode: 400,
        code: 'CORRAL_ERR_VALIDATION',
        error: 'Bad Request',
        message: 'body/queue/max_length must be >= 1',
        fields: [{ in: 'body', path: '/queue/max_length', message: 'must be >= 1' }, 'not a field'],
      }),
    )
    const error = await http('/corral/v1/admin/settings', { method: 'PATCH', body: {} }).catch(
      (caught: unknown) => caught,
    )
    expect(error).toMatchObject({
      code: 'CORRAL_ERR_VALIDATION',
      fields: [{ in: 'body', path: '/queue/max_length', message: 'must be >= 1' }],
    })
  })

  it('reports an unreachable server as a network problem', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(http('/corral/v1/me')).rejects.toMatchObject({ status: 0, code: 'CORRAL_ERR_NETWORK' })
  })
})
