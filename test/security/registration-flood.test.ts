import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import {
  closeAgents,
  createRegistrationToken,
  registration,
  requestFrom,
  type CorralErrorBody,
} from '../accounts/accounts-helpers.ts'

/** Samples `/healthz` every 25 ms while `attack` runs; returns the slowest answer in milliseconds. */
async function slowestHealthCheckDuring(url: string, attack: () => Promise<unknown>): Promise<number> {
  let slowest = 0
  let running = true
  const sampler = (async () => {
    while (running) {
      const started = performance.now()
      await fetch(`${url}/healthz`)
      slowest = Math.max(slowest, performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  })()
  try {
    await attack()
  } finally {
    running = false
    await sampler
  }
  return slowest
}

const longRandomPassword = () => randomBytes(256).toString('base64').slice(0, 256)

/** A stranger without an invitation trying to tie up the server through the one open door: registration. */
describe('registration under attack', () => {
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

  const register = (from: string, body: Record<string, unknown>) =>
    requestFrom<CorralErrorBody>(from, `${corral.url}/corral/v1/auth/register`, { method: 'POST', body })

  it('keeps the event loop free while strangers send long passwords with made-up tokens', async () => {
    const bogus = { registration_token: `corral_inv_${randomBytes(32).toString('base64url')}` }
    const answers: number[] = []
    const slowest = await slowestHealthCheckDuring(corral.url, () =>
      Promise.all(
        Array.from({ length: 5 }, async (_, index) => {
          const result = await register(
            `127.0.0.4${index}`,
            registration('', { ...bogus, password: longRandomPassword() }),
          )
          answers.push(result.status)
        }),
      ),
    )
    console.info(
      `slowest /healthz during 5 parallel registrations with bogus tokens: ${slowest.toFixed(0)} ms`,
    )
    expect(answers).toEqual([401, 401, 401, 401, 401])
    expect(slowest).toBeLessThan(1500)
  })

  it('checks an invitation before the password, so a weak password does not tell a stranger anything', async () => {
    const result = await register(
      '127.0.0.46',
      registration(`corral_inv_${randomBytes(32).toString('base64url')}`, { password: 'password' }),
    )
    expect(result.status).toBe(401)
    expect(result.body.code).toBe('CORRAL_ERR_INVALID_TOKEN')
  })

  it('refuses an address that keeps trying, before looking at what it sends', async () => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < 31; attempt++) {
      const token = `corral_inv_${randomBytes(32).toString('base64url')}`
      statuses.push((await register('127.0.0.47', registration(token))).status)
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true)
    expect(statuses[30]).toBe(429)
    const { token } = await createRegistrationToken(admin.api)
    const refused = await register('127.0.0.47', registration(token))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // Another address registers with the same invitation.
    expect((await register('127.0.0.48', registration(token))).status).toBe(201)
  })
})
