import { describe, expect, it } from 'vitest'
import { runCorralCli } from '../operations/corral-process.ts'
import { uniqueName } from './accounts-helpers.ts'
import { operatorCliTarget } from './operator-cli-target.ts'

/** The operator commands answer a mistake with one line on stderr and exit code 1, never a stack trace. */
const corralCli = runCorralCli

describe('the operator CLI answers every mistake with one line', { timeout: 180_000 }, () => {
  const { env } = operatorCliTarget()

  it('refuses an unknown role, an unknown user and a malformed date with exit code 1 and a one-line message', async () => {
    const cases: [string[], RegExp][] = [
      [['user', 'create', uniqueName('role'), '--role', 'root'], /--role .*Allowed choices are user, admin/],
      [['invite', 'create', '--role', 'root'], /--role .*Allowed choices are user, admin/],
      // The API's own schemas decide, with the API's own message.
      [['user', 'create', 'bad name!'], /body\/username must match pattern/],
      [['user', 'create', 'x'], /body\/username must NOT have fewer than 2 characters/],
      [['invite', 'create', '--note', 'n'.repeat(501)], /body\/note must NOT have more than 500 characters/],
      [['user', 'disable', uniqueName('nobody')], /no user/],
      [['key', 'create', uniqueName('nobody')], /no user/],
      [['key', 'create', 'admin', '--expires', 'next tuesday'], /date|expires/i],
    ]
    expect((await corralCli(['user', 'create', 'admin', '--role', 'admin'], env)).code).toBe(0)
    for (const [args, message] of cases) {
      const result = await corralCli(args, env)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
  })
})
