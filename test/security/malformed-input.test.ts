import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import type { CorralErrorBody } from '../accounts/accounts-helpers.ts'

/** Input PostgreSQL cannot store or count with: it must be refused as a bad request, never a 500. */
describe("malformed input on Corral's own routes", () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let anonymous: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    anonymous = new ApiClient(corral.url)
  })
  afterAll(() => corral?.close())

  const expectBadRequest = (result: { status: number; body: unknown }, mentions: RegExp) => {
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({ statusCode: 400, code: 'CORRAL_ERR_VALIDATION' })
    expect((result.body as CorralErrorBody).message).toMatch(mentions)
  }

  it('refuses a NUL character in any text field of a body, naming the field', async () => {
    expectBadRequest(
      await user.api.post('/corral/v1/me/conversations', { model: 'llama3.2\u0000' }),
      /model.*NUL/,
    )
    expectBadRequest(
      await user.api.post('/corral/v1/me/keys', { name: 'laptop', models: ['llama3.2', 'x\u0000'] }),
      /models\/1.*NUL/,
    )
    expectBadRequest(
      await admin.api.post('/corral/v1/admin/groups', { name: 'group\u0000', priority: 5 }),
      /name.*NUL/,
    )
    expectBadRequest(
      await anonymous.post('/corral/v1/auth/login', { username: 'admin\u0000', password: 'whatever-it-is' }),
      /username.*NUL/,
    )
  })

  it('refuses a NUL character in a query parameter', async () => {
    expectBadRequest(await user.api.get('/corral/v1/me/conversations?q=%00'), /q.*NUL/)
    expectBadRequest(await admin.api.get('/corral/v1/admin/users?q=a%00b'), /q.*NUL/)
    expectBadRequest(await admin.api.get('/corral/v1/admin/audit?action=%00'), /action.*NUL/)
  })

  it('refuses an offset or a limit beyond what a page can be', async () => {
    const huge = '999999999999999999999'
    for (const path of [
      `/corral/v1/admin/users?offset=${huge}`,
      `/corral/v1/admin/audit?offset=${huge}`,
      `/corral/v1/admin/usage?offset=${huge}`,
      `/corral/v1/me/usage?offset=${huge}`,
      `/corral/v1/admin/users?limit=${huge}`,
    ]) {
      const result = await admin.api.get(path)
      expect(result.status, path).toBe(400)
      expect(result.body, path).toMatchObject({ code: 'CORRAL_ERR_VALIDATION' })
    }
    const tooMany = await admin.api.post('/corral/v1/admin/groups', {
      name: 'huge-limits',
      priority: 5,
      limits: { max_concurrency: 99_999_999_999 },
    })
    expect(tooMany.status).toBe(400)
  })

  it('does not turn numbers into strings (or strings into booleans) in a JSON body', async () => {
    const login = (body: unknown) => anonymous.post('/corral/v1/auth/login', body)
    expectBadRequest(await login({ username: 123, password: 'something-long' }), /username/)
    expectBadRequest(await login({ username: admin.username, password: 12345678 }), /password/)
    expectBadRequest(
      await login({ username: admin.username, password: admin.password, use_cookie: 'true' }),
      /use_cookie/,
    )
    expectBadRequest(
      await admin.api.post('/corral/v1/admin/groups', { name: 'numbers', priority: '5' }),
      /priority/,
    )
  })
})
