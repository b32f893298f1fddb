import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, createKey, createUser, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import { ollamaKeyPair, type CorralErrorBody } from '../accounts/accounts-helpers.ts'

/**
 * A user (or a program holding their key) trying to get more than the key was given: an admin
 * limited the key to one model, priority 2 and one request a minute.
 */
describe('what an API key may do with the account', () => {
  let corral: TestCorral
  let admin: SignedIn
  let user: SignedIn
  let limited: ApiClient

  beforeAll(async () => {
    corral = await startTestCorral()
    admin = await signInAdmin(corral)
    user = await createUser(admin.api)
    const created = await admin.api.post<{ key: string }>(`/corral/v1/admin/users/${user.userId}/keys`, {
      name: 'limited',
      models: ['llama3.2'],
      priority: 2,
      limits: { requests_per_minute: 1 },
    })
    expect(created.status).toBe(201)
    limited = new ApiClient(corral.url, created.body.key)
  })
  afterAll(() => corral?.close())

  const expectSessionRequired = (result: { status: number; body: unknown }) => {
    expect(result.status).toBe(403)
    expect((result.body as CorralErrorBody).code).toBe('CORRAL_ERR_SESSION_REQUIRED')
  }

  it('cannot create another key, unrestricted or not', async () => {
    expectSessionRequired(await limited.post('/corral/v1/me/keys', { name: 'escape' }))
    expectSessionRequired(
      await limited.post('/corral/v1/me/keys', { name: 'narrower', models: ['llama3.2'] }),
    )
  })

  it('cannot register an Ollama CLI key, list or revoke keys', async () => {
    expectSessionRequired(
      await limited.post('/corral/v1/me/ollama-keys', { public_key: ollamaKeyPair().publicKeyLine }),
    )
    expectSessionRequired(await limited.get('/corral/v1/me/keys'))
    expectSessionRequired(await limited.get('/corral/v1/me/ollama-keys'))
    const own = await createKey(user.api)
    expectSessionRequired(await limited.delete(`/corral/v1/me/keys/${own.id}`))
  })

  it("cannot read or change the account's conversations or password", async () => {
    const conversation = await user.api.post<{ id: string }>('/corral/v1/me/conversations', {
      model: 'llama3.2',
    })
    expectSessionRequired(await limited.get('/corral/v1/me/conversations'))
    expectSessionRequired(await limited.get(`/corral/v1/me/conversations/${conversation.body.id}`))
    expectSessionRequired(await limited.post('/corral/v1/me/conversations', { model: 'llama3.2' }))
    expectSessionRequired(
      await limited.post('/corral/v1/auth/password', {
        current_password: user.password,
        new_password: strongPassword(),
      }),
    )
  })

  it('still reads its owner, usage and queue, and the browser session manages everything', async () => {
    expect((await limited.get('/corral/v1/me')).status).toBe(200)
    expect((await limited.get('/corral/v1/me/usage')).status).toBe(200)
    expect((await limited.get('/corral/v1/me/queue')).status).toBe(200)
    expect((await user.api.post('/corral/v1/me/keys', { name: 'from the browser' })).status).toBe(201)
  })

  it("lets an admin's unrestricted key administer, and no restricted admin key", async () => {
    const automation = await createKey(admin.api, { name: 'automation' })
    expect((await new ApiClient(corral.url, automation.key).get('/corral/v1/admin/users')).status).toBe(200)
    const inferenceOnly = await createKey(admin.api, { name: 'inference only', models: ['llama3.2'] })
    const refused = await new ApiClient(corral.url, inferenceOnly.key).post(
      `/corral/v1/admin/users/${user.userId}/keys`,
      {
        name: 'broader',
      },
    )
    expect(refused.status).toBe(403)
    expect((refused.body as CorralErrorBody).code).toBe('CORRAL_ERR_FORBIDDEN')
  })
})
