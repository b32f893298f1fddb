import { describe, expect, it } from 'vitest'
import { HttpError } from '@corral/web-kit'
import { chatToken } from './chat-token.ts'

function store(accessToken: string | null, refresh: () => Promise<string | null>) {
  return {
    get: () => ({ status: 'signed-in' as const, accessToken, expiresAt: null, endedBecause: null }),
    refresh,
  }
}

describe('chatToken', () => {
  it('uses the current token, and refreshes only after a refusal or when there is none', async () => {
    let refreshes = 0
    const token = chatToken(store('current', () => Promise.resolve(`fresh-${++refreshes}`)))
    expect(await token(false)).toBe('current')
    expect(await token(true)).toBe('fresh-1')
    expect(await chatToken(store(null, () => Promise.resolve('fresh')))(false)).toBe('fresh')
  })

  it('ends the session when the server refuses the refresh', async () => {
    for (const status of [401, 403]) {
      const refused = chatToken(
        store('old', () => Promise.reject(new HttpError(status, 'CORRAL_ERR_X', 'no'))),
      )
      expect(await refused(true)).toBeNull()
    }
    expect(await chatToken(store('old', () => Promise.resolve(null)))(true)).toBeNull()
  })

  it('keeps trying when the server cannot be reached', async () => {
    const offline = chatToken(
      store('old', () =>
        Promise.reject(new HttpError(0, 'CORRAL_ERR_NETWORK', 'Cannot reach the Corral server')),
      ),
    )
    await expect(offline(true)).rejects.toMatchObject({ code: 'CORRAL_ERR_NETWORK' })
  })
})
