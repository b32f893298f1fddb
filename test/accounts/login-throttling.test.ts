import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import {
  closeAgents,
  requestFrom,
  uniqueName,
  type CorralErrorBody,
  type HttpResult,
} from './accounts-helpers.ts'

/**
 * Each test signs in from its own loopback address, so the per-address limit of one test never
 * throttles another (and never the admin on 127.0.0.1).
 */
describe('sign-in throttling and answers that reveal nothing', () => {
  let corral: TestCorral
  let admin: SignedIn

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
  })
  afterAll(async () => {
    await closeAgents()
    await corral?.close()
  })

  const login = (from: string, username: string, password: string): Promise<HttpResult<CorralErrorBody>> =>
    requestFrom<CorralErrorBody>(from, `${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      body: { username, password },
    })

  it('throttles a username after five failures, with Retry-After until the first failure leaves the 15-minute window', async () => {
    const user = await createUser(admin.api)
    const statuses: number[] = []
    const firstFailure = Date.now()
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await login('127.0.0.11', user.username, `wrong-${attempt}`)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401])

    const throttled = await login('127.0.0.11', user.username, 'wrong-again')
    expect(throttled.status).toBe(429)
    expect(throttled.body.code).toBe('CORRAL_ERR_LOGIN_THROTTLED')
    const retryAfter = Number(throttled.headers['retry-after'])
    expect(retryAfter).toBeGreaterThanOrEqual(900 - Math.ceil((Date.now() - firstFailure) / 1000) - 1)
    expect(retryAfter).toBeLessThanOrEqual(900)
    console.info(`username throttle: 5 failures → 401; attempt 6 → 429 with Retry-After: ${retryAfter}`)

    // The right password does not get through either, from this address or any other, in any case.
    expect((await login('127.0.0.11', user.username, user.password)).status).toBe(429)
    expect((await login('127.0.0.21', user.username, user.password)).status).toBe(429)
    expect((await login('127.0.0.21', user.username.toUpperCase(), user.password)).status).toBe(429)
    // Other accounts are not affected.
    const other = await createUser(admin.api)
    expect((await login('127.0.0.11', other.username, other.password)).status).toBe(200)
  })

  it('forgets a username’s failures after a successful sign-in', async () => {
    const user = await createUser(admin.api)
    for (let attempt = 0; attempt < 4; attempt++)
      expect((await login('127.0.0.12', user.username, 'wrong')).status).toBe(401)
    expect((await login('127.0.0.12', user.username, user.password)).status).toBe(200)
    for (let attempt = 0; attempt < 4; attempt++)
      expect((await login('127.0.0.12', user.username, 'wrong')).status).toBe(401)
    expect((await login('127.0.0.12', user.username, user.password)).status).toBe(200)
  })

  it('throttles an address after thirty failures across many usernames', async () => {
    const user = await createUser(admin.api)
    const statuses: number[] = []
    const firstFailure = Date.now()
    for (let attempt = 0; attempt < 30; attempt++)
      statuses.push((await login('127.0.0.13', uniqueName('nobody'), 'wrong-password')).status)
    expect(statuses.every((status) => status === 401)).toBe(true)

    const throttled = await login('127.0.0.13', uniqueName('nobody'), 'wrong-password')
    expect(throttled.status).toBe(429)
    expect(throttled.body.code).toBe('CORRAL_ERR_LOGIN_THROTTLED')
    const retryAfter = Number(throttled.headers['retry-after'])
    // Until the first failure leaves the 15-minute window (thirty argon2 checks take a while on a busy machine).
    expect(retryAfter).toBeGreaterThanOrEqual(900 - Math.ceil((Date.now() - firstFailure) / 1000) - 1)
    expect(retryAfter).toBeLessThanOrEqual(900)
    console.info(`address throttle: 30 failures → 401; attempt 31 → 429 with Retry-After: ${retryAfter}`)

    // Even a correct password is refused from that address; the same account signs in from elsewhere.
    expect((await login('127.0.0.13', user.username, user.password)).status).toBe(429)
    expect((await login('127.0.0.22', user.username, user.password)).status).toBe(200)
  }, 120_000)

  it('does not count successful sign-ins against the address', async () => {
    const user = await createUser(admin.api)
    const statuses: number[] = []
    for (let attempt = 0; attempt < 32; attempt++)
      statuses.push((await login('127.0.0.17', user.username, user.password)).status)
    expect(new Set(statuses)).toEqual(new Set([200]))
  }, 120_000)

  it('checks at most five of many concurrent guesses at one password', async () => {
    const user = await createUser(admin.api)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => login('127.0.0.14', user.username, `guess-${index}`)),
    )
    const checked = results.filter((result) => result.status === 401).length
    const throttled = results.filter((result) => result.status === 429).length
    console.info(`20 concurrent guesses: ${checked} checked (401), ${throttled} throttled (429)`)
    expect(checked + throttled).toBe(20)
    expect(checked).toBeGreaterThan(0)
    expect(checked).toBeLessThanOrEqual(5)
    // Guessing on one at a time adds up to exactly five checked passwords in all.
    let total = checked
    while ((await login('127.0.0.14', user.username, 'one-more-guess')).status === 401) total++
    expect(total).toBe(5)
    expect((await login('127.0.0.14', user.username, user.password)).status).toBe(429)
  })

  it('answers an unknown user, a wrong password and a disabled account identically', async () => {
    const user = await createUser(admin.api)
    const disabled = await createUser(admin.api)
    expect(
      (await admin.api.patch(`/corral/v1/admin/users/${disabled.userId}`, { disabled: true })).status,
    ).toBe(200)

    const answers = [
      await login('127.0.0.15', uniqueName('nobody'), 'some-password'),
      await login('127.0.0.15', user.username, 'wrong-password'),
      await login('127.0.0.15', disabled.username, disabled.password),
      await login('127.0.0.15', disabled.username, 'wrong-password'),
    ]
    for (const answer of answers) {
      expect(answer.status).toBe(401)
      expect(answer.body).toEqual({
        statusCode: 401,
        code: 'CORRAL_ERR_INVALID_CREDENTIALS',
        error: 'Unauthorized',
        message: 'Invalid username or password',
      })
      expect(answer.headers['retry-after']).toBeUndefined()
    }
  })

  it('throttles unknown usernames like known ones', async () => {
    const username = uniqueName('ghost')
    const statuses: number[] = []
    for (let attempt = 0; attempt < 6; attempt++)
      statuses.push((await login('127.0.0.16', username, 'wrong')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })
})
