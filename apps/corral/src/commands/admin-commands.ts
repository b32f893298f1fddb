import { randomBytes } from 'node:crypto'
import type { Command } from 'commander'
import { Errors, operatorActor } from '@corral/core'
import { withOperatorContext } from './operator-context.ts'

const print = (line: string) => process.stdout.write(`${line}\n`)

function parseDate(text: string, flag: string): Date {
  const date = new Date(text)
  if (Number.isNaN(date.getTime()))
    throw new Errors.validation(`${flag} expects a date such as 2026-12-31, got "${text}"`)
  return date
}

/** `corral user …`, `corral key …`, `corral invite …`: operator commands against the configured database. */
export function registerAdminCommands(program: Command): void {
  const user = program.command('user').description('Manage users')
  user
    .command('create <username>')
    .description('Create a user (prints a generated password unless --password is given)')
    .option('--password <password>', 'the password (otherwise one is generated and printed)')
    .option('--role <role>', 'user or admin', 'user')
    .option('--group <group>', 'group name or id (default: the default group)')
    .action(async (username: string, options: { password?: string; role: string; group?: string }) => {
      if (options.role !== 'user' && options.role !== 'admin')
        throw new Errors.validation('--role must be user or admin')
      const password = options.password ?? randomBytes(18).toString('base64url')
      await withOperatorContext(async ({ auth }) => {
        const created = await auth.accounts.createUser(operatorActor, {
          username,
          password,
          role: options.role as 'user' | 'admin',
          group: options.group,
        })
        print(`created ${created.role} ${created.username} (${created.id})`)
        if (!options.password) print(`password: ${password}`)
      })
    })
  user
    .command('list')
    .description('List users')
    .option('--search <text>', 'part of a username')
    .action(async (options: { search?: string }) => {
      await withOperatorContext(async ({ users }) => {
        const { users: rows, total } = await users.users.list({ q: options.search, limit: 500, offset: 0 })
        for (const row of rows)
          print(
            `${row.id}  ${row.username.padEnd(24)} ${row.role.padEnd(6)} ${row.groupName.padEnd(16)} ${row.disabledAt ? 'disabled' : 'active'}`,
          )
        print(`${total} user(s)`)
      })
    })
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(
        `${disabled ? 'Disable' : 'Re-enable'} a user (their keys and sessions ${disabled ? 'stop' : 'start'} working)`,
      )
      .action(async (username: string) => {
        await withOperatorContext(async ({ users }) => {
          const subject = await users.users.findLoginSubject(username)
          if (!subject) throw new Errors.notFound(`no user "${username}"`)
          await users.users.update(operatorActor, subject.id, { disabled })
          print(`${name}d ${subject.username}`)
        })
      })
  }

  const key = program.command('key').description('Manage API keys')
  key
    .command('create <username>')
    .description('Create an API key for a user (printed once)')
    .option('--name <name>', 'a name for the key', 'cli')
    .option('--priority <n>', 'priority 1-10 (default: the group priority)')
    .option('--expires <date>', 'expiry, an ISO date')
    .action(async (username: string, options: { name: string; priority?: string; expires?: string }) => {
      await withOperatorContext(async ({ users }) => {
        const subject = await users.users.findLoginSubject(username)
        if (!subject) throw new Errors.notFound(`no user "${username}"`)
        const { key: row, secret } = await users.apiKeys.create(operatorActor, subject.id, {
          name: options.name,
          priority: options.priority === undefined ? undefined : Number(options.priority),
          expires_at: options.expires ? parseDate(options.expires, '--expires').toISOString() : undefined,
        })
        print(`key ${row.id} for ${subject.username}:`)
        print(secret)
      })
    })
  key
    .command('revoke <keyId>')
    .description('Revoke an API key (a running Corral stops accepting it within a second)')
    .action(async (keyId: string) => {
      await withOperatorContext(async ({ users }) => {
        await users.apiKeys.revokeAny(operatorActor, keyId)
        print(`revoked ${keyId}`)
      })
    })

  program
    .command('invite')
    .description('Manage registration (invite) tokens')
    .command('create')
    .description('Create a registration token (printed once)')
    .option('--max-uses <n>', 'how many accounts it may create (default: unlimited)')
    .option('--expires <date>', 'expiry, an ISO date')
    .option('--role <role>', 'user or admin', 'user')
    .option('--group <group>', 'group name or id for the new accounts')
    .option('--note <text>', 'a note for admins')
    .action(
      async (options: {
        maxUses?: string
        expires?: string
        role: string
        group?: string
        note?: string
      }) => {
        if (options.role !== 'user' && options.role !== 'admin')
          throw new Errors.validation('--role must be user or admin')
        await withOperatorContext(async ({ auth }) => {
          const { token, row } = await auth.invitations.create(operatorActor, {
            maxUses: options.maxUses === undefined ? null : Number(options.maxUses),
            expiresAt: options.expires ? parseDate(options.expires, '--expires') : null,
            role: options.role as 'user' | 'admin',
            groupId: options.group ? await auth.resolveGroupId(options.group) : null,
            note: options.note,
          })
          print(`registration token ${row.id}:`)
          print(token)
        })
      },
    )
}
