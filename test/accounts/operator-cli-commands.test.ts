import { describe, expect, it } from 'vitest'
import { runCorralCli } from '../operations/corral-process.ts'
import { ApiClient, signIn } from '../support/api-client.ts'
import { strongPassword } from '../support/test-corral.ts'
import { uniqueName } from './accounts-helpers.ts'
import { operatorCliTarget } from './operator-cli-target.ts'

interface Key {
  id: string
  name: string
  username: string
  revoked_at: string | null
}
interface Token {
  id: string
  uses: number
  max_uses: number | null
  note: string
  revoked_at: string | null
}

/**
 * The commands the API has and the CLI lacked (key list, invite list and revoke, user passwd), the
 * register link of `invite create`, and `--json` on every command. On PGlite the CLI opens its own data
 * directory (no server runs); on PostgreSQL it works next to a running Corral, which then honours it.
 */
describe('the operator commands match the admin API', { timeout: 300_000 }, () => {
  const target = operatorCliTarget()
  const cli = async (...args: string[]) => {
    const result = await runCorralCli(args, target.env)
    expect(result.stderr, args.join(' ')).toBe('')
    expect(result.code, args.join(' ')).toBe(0)
    return result.stdout
  }
  const json = async <T>(...args: string[]) => JSON.parse(await cli(...args, '--json')) as T

  it('prints JSON on every command for scripts', async () => {
    const username = uniqueName('json')
    const created = await json<{ id: string; username: string; role: string; password: string }>(
      'user',
      'create',
      username,
    )
    expect(created).toMatchObject({ username, role: 'user' })
    expect(created.password.length).toBeGreaterThanOrEqual(16)
    const list = await json<{ users: { id: string }[]; total: number }>('user', 'list', '--search', username)
    expect(list.users.map((user) => user.id)).toEqual([created.id])
    expect(await json('user', 'disable', username)).toMatchObject({ id: created.id, disabled: true })
    expect(await json('user', 'enable', username)).toMatchObject({ id: created.id, disabled: false })
    const key = await json<{ id: string; key: string; priority: number }>(
      'key',
      'create',
      username,
      '--priority',
      '2',
    )
    expect(key.priority).toBe(2)
    expect(key.key).toMatch(/^corral_sk_/)
    expect(await json('key', 'revoke', key.id)).toEqual({ id: key.id, revoked: true })
    const invite = await json<{ id: string; token: string; register_url: string }>('invite', 'create')
    expect(invite.token).toMatch(/^corral_inv_/)
    expect(await json('invite', 'revoke', invite.id)).toEqual({ id: invite.id, revoked: true })
    const changed = await json<{ id: string; username: string; password: string }>('user', 'passwd', username)
    expect([changed.id, changed.username]).toEqual([created.id, username])
    expect(changed.password).not.toBe(created.password)
  })

  it('lists keys without their secrets, one user or everyone, revoked ones with --all', async () => {
    const owner = uniqueName('keys')
    await cli('user', 'create', owner)
    const kept = await json<{ id: string; key: string }>('key', 'create', owner, '--name', 'kept')
    const gone = await json<{ id: string }>('key', 'create', owner, '--name', 'gone')
    await cli('key', 'revoke', gone.id)

    const own = await json<{ keys: Key[] }>('key', 'list', owner)
    expect(own.keys).toEqual([expect.objectContaining({ id: kept.id, name: 'kept', username: owner })])
    expect(JSON.stringify(own)).not.toContain(kept.key)
    const all = await json<{ keys: Key[] }>('key', 'list', owner, '--all')
    expect(all.keys.map((key) => key.name).sort()).toEqual(['gone', 'kept'])
    const everyone = await json<{ keys: Key[] }>('key', 'list')
    expect(everyone.keys).toEqual(expect.arrayContaining([expect.objectContaining({ id: kept.id })]))

    const text = await cli('key', 'list', owner)
    expect(text).toMatch(
      new RegExp(`^${kept.id} +${owner} +kept +corral_sk_\\S+… +priority 5 +active +last used never$`, 'm'),
    )
    expect(text).toMatch(/^1 key\(s\)$/m)
  })

  it('creates an invitation with its register link, lists it, and revokes it', async () => {
    const text = await cli('invite', 'create', '--max-uses', '3', '--note', 'for the lab')
    const id = /^registration token ([0-9a-f-]{36})$/m.exec(text)![1]!
    const token = /^ {2}token: +(corral_inv_\S+)$/m.exec(text)![1]!
    const link = /^ {2}register: +(\S+)$/m.exec(text)![1]!
    expect(link).toBe(`http://localhost:8080/register?token=${encodeURIComponent(token)}`)

    const listed = await json<{ tokens: Token[] }>('invite', 'list')
    expect(listed.tokens).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, uses: 0, max_uses: 3, note: 'for the lab' })]),
    )
    expect(JSON.stringify(listed)).not.toContain(token)
    expect(await cli('invite', 'list')).toMatch(
      new RegExp(`^${id} +corral_inv_\\S+… +user +uses 0/3 +active .*for the lab$`, 'm'),
    )

    expect((await cli('invite', 'revoke', id)).trim()).toBe(`revoked registration token ${id}`)
    const after = await json<{ tokens: Token[] }>('invite', 'list')
    expect(after.tokens.find((row) => row.id === id)?.revoked_at).not.toBeNull()
    expect(await cli('invite', 'list')).toMatch(new RegExp(`^${id} .* revoked `, 'm'))
    if (target.corral) {
      const register = await new ApiClient(target.corral.url).post('/corral/v1/auth/register', {
        username: uniqueName('late'),
        password: strongPassword(),
        registration_token: token,
      })
      expect(register.status).toBe(401)
    }
  })

  it("sets a user's password, generated or given, refusing a weak one", async () => {
    const username = uniqueName('passwd')
    await cli('user', 'create', username)
    const generated = /^password: (\S+)$/m.exec(await cli('user', 'passwd', username))![1]!
    const given = strongPassword()
    expect((await cli('user', 'passwd', username, '--password', given)).trim()).toBe(
      `changed the password of ${username}; their sessions have ended`,
    )
    const weak = await runCorralCli(['user', 'passwd', username, '--password', 'password'], target.env)
    expect(weak.code).toBe(1)
    expect(weak.stderr).toMatch(/^corral: The password is too easy to guess/)
    if (target.corral) {
      expect((await signIn(target.corral.url, username, given)).username).toBe(username)
      const old = await new ApiClient(target.corral.url).post('/corral/v1/auth/login', {
        username,
        password: generated,
      })
      expect(old.status).toBe(401)
    }
  })

  it('answers a refusal with --json as the API error on stderr', async () => {
    const result = await runCorralCli(['user', 'create', 'bad name!', '--json'], target.env)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const error = JSON.parse(result.stderr) as { statusCode: number; code: string; message: string }
    expect([error.statusCode, error.code]).toEqual([400, 'CORRAL_ERR_VALIDATION'])
    expect(error.message).toMatch(/^body\/username must match pattern/)
  })
})
