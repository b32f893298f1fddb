import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import { closeAgents, requestFrom, type CorralErrorBody } from '../accounts/accounts-helpers.ts'

/**
 * One spelling of a name for storage, lookup and throttling: NFKC, then a locale-independent lower
 * case. Before, the throttle used JavaScript's `toLowerCase()` and the lookup PostgreSQL's `lower()`,
 * which disagree on `İ`: `alİce` signed in as a locked-out alice.
 */
describe('usernames in every spelling', () => {
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

  async function alice() {
    const username = `alice${Math.random().toString(36).slice(2, 8)}`
    const password = strongPassword()
    expect((await admin.api.post('/corral/v1/admin/users', { username, password })).status).toBe(201)
    return { username, password }
  }
  const login = (from: string, username: string, password: string) =>
    requestFrom<CorralErrorBody>(from, `${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      body: { username, password },
    })
  async function lockOut(from: string, username: string) {
    for (let attempt = 0; attempt < 5; attempt++)
      expect((await login(from, username, 'wrong')).status).toBe(401)
    expect((await login(from, username, 'wrong')).status).toBe(429)
  }

  it('does not let a dotted capital I get past the lock of a locked-out account', async () => {
    const { username, password } = await alice()
    await lockOut('127.0.0.31', username)
    const dotted = username.replace('i', '\u0130')
    expect((await login('127.0.0.32', dotted, password)).status).not.toBe(200)
    expect((await login('127.0.0.33', username.toUpperCase(), password)).status).toBe(429)
  })

  it('treats full-width and compatibility spellings as the same account, and the same lock', async () => {
    const { username, password } = await alice()
    const fullWidth = [...username]
      .map((char) => String.fromCodePoint(char.codePointAt(0)! + 0xfee0))
      .join('')
    expect((await login('127.0.0.34', fullWidth, password)).status).toBe(200)
    await lockOut('127.0.0.35', username)
    expect((await login('127.0.0.36', fullWidth, password)).status).toBe(429)
  })

  it('refuses a second account whose name differs only in case or width', async () => {
    const { username } = await alice()
    const again = await admin.api.post('/corral/v1/admin/users', {
      username: username.toUpperCase(),
      password: strongPassword(),
    })
    expect(again.status).toBe(409)
  })
})
