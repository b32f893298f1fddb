import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@corral/core'
import { startOllamaSim } from '@corral/ollama-sim'
import { buildCorral } from '../../apps/corral/src/build-corral.ts'
import { ApiClient, signIn, signInAdmin, type SignedIn } from '../support/api-client.ts'
import { startTestCorral, strongPassword, type TestCorral } from '../support/test-corral.ts'
import { runCorralCli } from '../operations/corral-process.ts'
import { auditEntries, pollUntil, uniqueName, type CorralErrorBody } from './accounts-helpers.ts'

const corralCli = runCorralCli

const createdId = (stdout: string) => /\(([0-9a-f-]{36})\)/.exec(stdout)?.[1]
const secretAfterHeader = (stdout: string) => stdout.trim().split('\n').at(-1)!.trim()
const headerId = (stdout: string) => /^(?:key|registration token) ([0-9a-f-]{36})/m.exec(stdout)?.[1]
const inviteToken = (stdout: string) => /^ {2}token: +(\S+)$/m.exec(stdout)?.[1]

/**
 * The embedded database cannot be shared with a child process while a test Corral holds it in
 * memory, so the PGlite project runs the CLI on its own data directory and then starts a Corral on
 * that directory; the PostgreSQL project runs it against the database of a running test Corral.
 */
if (process.env.CORRAL_TEST_DB !== 'postgres') {
  describe('the operator CLI on the embedded database', () => {
    let dataDir: string
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'corral-cli-'))
    })
    afterAll(() => rm(dataDir, { recursive: true, force: true }))

    it(
      'manages users, keys and invitations in the data directory, which a Corral started there then honours',
      { timeout: 300_000 },
      async () => {
        const env = { CORRAL_DATA_DIR: dataDir }
        const password = strongPassword()

        const alice = await corralCli(
          ['user', 'create', 'alice', '--password', password, '--role', 'admin'],
          env,
        )
        expect(alice.stderr).toBe('')
        expect(alice).toMatchObject({ code: 0 })
        expect(alice.stdout).toMatch(/^created admin alice \([0-9a-f-]{36}\)$/m)
        expect(alice.stdout).not.toContain(password)

        const bob = await corralCli(['user', 'create', 'bob'], env)
        expect(bob.code).toBe(0)
        const bobsPassword = /^password: (\S+)$/m.exec(bob.stdout)?.[1]
        expect(bobsPassword).toBeDefined()

        const duplicate = await corralCli(['user', 'create', 'ALICE', '--password', strongPassword()], env)
        expect(duplicate.code).toBe(1)
        expect(duplicate.stderr.trim()).toBe('corral: The username "ALICE" is taken')

        expect((await corralCli(['user', 'disable', 'bob'], env)).stdout).toMatch(/disabled bob/)
        const list = await corralCli(['user', 'list'], env)
        expect(list.code).toBe(0)
        expect(list.stdout).toMatch(/ alice +admin +default +active$/m)
        expect(list.stdout).toMatch(/ bob +user +default +disabled$/m)
        expect(list.stdout).toMatch(/^2 user\(s\)$/m)

        const laptop = await corralCli(['key', 'create', 'alice', '--name', 'laptop'], env)
        expect(laptop.code).toBe(0)
        const laptopKey = secretAfterHeader(laptop.stdout)
        expect(laptopKey).toMatch(/^corral_sk_/)
        const spare = await corralCli(['key', 'create', 'alice', '--name', 'spare', '--priority', '9'], env)
        const spareKey = secretAfterHeader(spare.stdout)
        expect((await corralCli(['key', 'revoke', headerId(spare.stdout)!], env)).stdout).toMatch(/^revoked /)

        const invite = await corralCli(['invite', 'create', '--max-uses', '1', '--note', 'for carol'], env)
        expect(invite.code).toBe(0)
        const invitation = inviteToken(invite.stdout)!
        expect(invitation).toMatch(/^corral_inv_/)

        // A Corral on the same data directory sees all of it.
        const sim = await startOllamaSim({ tokenIntervalMs: 1, loadDelayMs: 1 })
        const corral = await buildCorral(
          {
            ...loadConfig({}),
            host: '127.0.0.1',
            port: 0,
            dataDir,
            ollamaUrls: [sim.url],
            admin: undefined,
            logLevel: 'silent',
          },
          { logger: pino({ level: 'silent' }) },
        )
        try {
          const url = await corral.app.listen({ host: '127.0.0.1', port: 0 })
          const anonymous = new ApiClient(url)
          const signedIn = await signIn(url, 'alice', password)
          expect((await signedIn.api.get<{ role: string }>('/corral/v1/me')).body.role).toBe('admin')
          const bobLogin = await anonymous.post<CorralErrorBody>('/corral/v1/auth/login', {
            username: 'bob',
            password: bobsPassword,
          })
          expect(bobLogin.status).toBe(401)
          expect(bobLogin.body.code).toBe('CORRAL_ERR_INVALID_CREDENTIALS')
          expect((await anonymous.withToken(laptopKey).get('/api/tags')).status).toBe(200)
          expect((await anonymous.withToken(spareKey).get('/api/tags')).status).toBe(401)
          const register = () =>
            anonymous.post('/corral/v1/auth/register', {
              username: uniqueName('carol'),
              password: strongPassword(),
              registration_token: invitation,
            })
          expect((await register()).status).toBe(201)
          expect((await register()).status).toBe(401)
          const operatorEntries = (await auditEntries(signedIn.api, { limit: '500' })).filter(
            (entry) => entry.actor_username === 'operator (cli)',
          )
          expect(operatorEntries.map((entry) => entry.action)).toEqual(
            expect.arrayContaining([
              'user.create',
              'user.update',
              'api_key.create',
              'api_key.revoke',
              'registration_token.create',
            ]),
          )
        } finally {
          await corral.app.close()
          await corral.close()
          await sim.close()
        }
      },
    )
  })
} else {
  describe('the operator CLI on PostgreSQL, next to a running Corral', { timeout: 180_000 }, () => {
    let corral: TestCorral
    let admin: SignedIn
    let anonymous: ApiClient
    let dataDir: string
    let env: Record<string, string>

    beforeAll(async () => {
      corral = await startTestCorral()
      admin = await signInAdmin(corral)
      anonymous = new ApiClient(corral.url)
      dataDir = await mkdtemp(path.join(tmpdir(), 'corral-cli-'))
      env = { CORRAL_DATABASE_URL: corral.testDatabase.url!, CORRAL_DATA_DIR: dataDir }
    })
    afterAll(async () => {
      await corral?.close()
      await rm(dataDir, { recursive: true, force: true })
    })

    const createUserWithCli = async (extra: string[] = []) => {
      const username = uniqueName('cli')
      const password = strongPassword()
      const result = await corralCli(['user', 'create', username, '--password', password, ...extra], env)
      expect(result.stderr).toBe('')
      return { username, password, id: createdId(result.stdout)! }
    }

    it('creates users the running Corral lets sign in at once, with a given or a generated password', async () => {
      const given = await createUserWithCli(['--role', 'admin'])
      const signedIn = await signIn(corral.url, given.username, given.password)
      expect(signedIn.userId).toBe(given.id)
      expect((await signedIn.api.get('/corral/v1/admin/users')).status).toBe(200)

      const username = uniqueName('gen')
      const generated = await corralCli(['user', 'create', username, '--group', 'default'], env)
      expect(generated.code).toBe(0)
      const password = /^password: (\S+)$/m.exec(generated.stdout)![1]!
      expect((await signIn(corral.url, username, password)).username).toBe(username)
    })

    it('lists users with a search', async () => {
      const user = await createUserWithCli()
      const list = await corralCli(['user', 'list', '--search', user.username.toUpperCase()], env)
      expect(list.code).toBe(0)
      expect(list.stdout).toContain(user.id)
      expect(list.stdout).toMatch(/^1 user\(s\)$/m)
    })

    it('creates a key the running Corral accepts, and revokes it so that the Corral refuses it within a second', async () => {
      const user = await createUserWithCli()
      const created = await corralCli(
        ['key', 'create', user.username, '--name', 'script', '--priority', '3'],
        env,
      )
      expect(created.code).toBe(0)
      const key = secretAfterHeader(created.stdout)
      const keyId = headerId(created.stdout)!
      expect((await anonymous.withToken(key).get('/api/tags')).status).toBe(200)
      expect((await anonymous.withToken(key).get('/api/tags')).status).toBe(200)
      const listed = await admin.api.get<{ keys: { id: string; name: string; priority: number }[] }>(
        `/corral/v1/admin/users/${user.id}/keys`,
      )
      expect(listed.body.keys).toEqual([expect.objectContaining({ id: keyId, name: 'script', priority: 3 })])

      const revoked = await corralCli(['key', 'revoke', keyId], env)
      expect(revoked.code).toBe(0)
      const latency = await pollUntil(
        async () => (await anonymous.withToken(key).get('/api/tags')).status === 401,
        { intervalMs: 10, timeoutMs: 5000 },
      )
      console.info(
        `[postgres] CLI revocation: key refused by the running Corral ${latency.toFixed(1)} ms after the CLI exited`,
      )
      expect(latency).toBeLessThan(1000)
    })

    it('disables a user so that the running Corral refuses their keys and sessions', async () => {
      const user = await createUserWithCli()
      const signedIn = await signIn(corral.url, user.username, user.password)
      const created = await signedIn.api.post<{ key: string }>('/corral/v1/me/keys', { name: 'mine' })
      expect((await anonymous.withToken(created.body.key).get('/api/tags')).status).toBe(200)
      const disabled = await corralCli(['user', 'disable', user.username], env)
      expect(disabled.stdout.trim()).toBe(`disabled ${user.username}`)
      const latency = await pollUntil(
        async () => (await anonymous.withToken(created.body.key).get('/api/tags')).status === 401,
        { intervalMs: 10, timeoutMs: 5000 },
      )
      console.info(
        `[postgres] CLI disable: key refused by the running Corral ${latency.toFixed(1)} ms after the CLI exited`,
      )
      expect((await signedIn.api.get('/corral/v1/me')).status).toBe(401)
      expect(
        (await anonymous.post('/corral/v1/auth/login', { username: user.username, password: user.password }))
          .status,
      ).toBe(401)
      expect((await corralCli(['user', 'enable', user.username], env)).code).toBe(0)
      await pollUntil(
        async () => (await anonymous.withToken(created.body.key).get('/api/tags')).status === 200,
        { timeoutMs: 5000 },
      )
    })

    it('creates an invitation that the running Corral accepts for its number of uses', async () => {
      const group = await admin.api.post<{ id: string; name: string }>('/corral/v1/admin/groups', {
        name: uniqueName('cli-group'),
        priority: 3,
      })
      const invite = await corralCli(
        [
          'invite',
          'create',
          '--max-uses',
          '2',
          '--group',
          group.body.name,
          '--expires',
          new Date(Date.now() + 3600_000).toISOString(),
        ],
        env,
      )
      expect(invite.code).toBe(0)
      const token = inviteToken(invite.stdout)!
      const register = () =>
        anonymous.post<{ group_id: string }>('/corral/v1/auth/register', {
          username: uniqueName('invited'),
          password: strongPassword(),
          registration_token: token,
        })
      const first = await register()
      expect(first.status).toBe(201)
      expect(first.body.group_id).toBe(group.body.id)
      expect((await register()).status).toBe(201)
      expect((await register()).status).toBe(401)
    })

    it('records what the operator did in the audit log', async () => {
      const user = await createUserWithCli()
      const [entry] = await auditEntries(admin.api, { action: 'user.create', target_id: user.id })
      expect(entry).toMatchObject({ actor_user_id: null, actor_username: 'operator (cli)', ip: null })
    })

    // More bad input, answered with a stack trace today, is in blocked-operator-cli.test.ts.
    it('refuses bad input with exit code 1 and a one-line message, changing nothing', async () => {
      const user = await createUserWithCli()
      const cases: [string[], RegExp][] = [
        [['user', 'create', uniqueName('weak'), '--password', 'password'], /too easy to guess/],
        [['user', 'create', user.username.toUpperCase(), '--password', strongPassword()], /is taken/],
        [['user', 'create', uniqueName('group'), '--group', uniqueName('nowhere')], /No group/],
        [['key', 'create', user.username, '--priority', '11'], /priority/],
        [['key', 'create', user.username, '--priority', 'high'], /priority/],
        [['key', 'revoke', crypto.randomUUID()], /No such key/],
        [['key', 'revoke', 'not-a-key-id'], /params\/id must match format "uuid"/],
        [['invite', 'create', '--max-uses', '0'], /max_uses/],
        [['invite', 'create', '--group', uniqueName('nowhere')], /No group/],
      ]
      for (const [args, message] of cases) {
        const result = await corralCli(args, env)
        expect(result.code, args.join(' ')).toBe(1)
        expect(result.stderr, args.join(' ')).toMatch(message)
        expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      }
      const keys = await admin.api.get<{ keys: unknown[] }>(`/corral/v1/admin/users/${user.id}/keys`)
      expect(keys.body.keys).toEqual([])
    })
  })
}
