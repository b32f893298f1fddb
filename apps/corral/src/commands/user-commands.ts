import { randomBytes } from 'node:crypto'
import { Option, type Command } from 'commander'
import type { User } from '@corral/contracts'
import { findUser, listAllUsers } from './find-user.ts'
import { runOperatorCommand, withJsonOption, type JsonOption } from './operator-command.ts'

const generatePassword = () => randomBytes(18).toString('base64url')

interface Account {
  id: string
  username: string
  role: 'user' | 'admin'
  group_id: string
}

/** `corral user create|list|disable|enable|passwd`, through the admin API. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage users')
  user
    .command('create <username>')
    .description('Create a user (prints a generated password unless --password is given)')
    .option('--password <password>', 'the password (otherwise one is generated and printed)')
    .addOption(new Option('--role <role>', 'the role').choices(['user', 'admin']).default('user'))
    .option('--group <group>', 'group name or id (default: the default group)')
    .action((username: string, options: JsonOption & { password?: string; role: string; group?: string }) =>
      runOperatorCommand(options, async (api) => {
        const password = options.password ?? generatePassword()
        const created = await api.call<Account>('POST', '/corral/v1/admin/users', {
          username,
          password,
          role: options.role,
          group: options.group,
        })
        const generated = options.password === undefined
        return {
          json: generated ? { ...created, password } : created,
          text: [
            `created ${created.role} ${created.username} (${created.id})`,
            ...(generated ? [`password: ${password}`] : []),
          ],
        }
      }),
    )
  user
    .command('list')
    .description('List users')
    .option('--search <text>', 'part of a username')
    .action((options: JsonOption & { search?: string }) =>
      runOperatorCommand(options, async (api) => {
        const list = await listAllUsers(api, options.search)
        return {
          json: list,
          text: [
            ...list.users.map(
              (row) =>
                `${row.id}  ${row.username.padEnd(24)} ${row.role.padEnd(6)} ${row.group_name.padEnd(16)} ${row.disabled ? 'disabled' : 'active'}`,
            ),
            `${list.total} user(s)`,
          ],
        }
      }),
    )
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(
        `${disabled ? 'Disable' : 'Re-enable'} a user (their keys and sessions ${disabled ? 'stop' : 'start'} working)`,
      )
      .action((username: string, options: JsonOption) =>
        runOperatorCommand(options, async (api) => {
          const subject = await findUser(api, username)
          const updated = await api.call<User>('PATCH', `/corral/v1/admin/users/${subject.id}`, { disabled })
          return { json: updated, text: [`${name}d ${updated.username}`] }
        }),
      )
  }
  user
    .command('passwd <username>')
    .description(
      "Set a user's password (prints a generated one unless --password is given); their sessions end",
    )
    .option('--password <password>', 'the new password (otherwise one is generated and printed)')
    .action((username: string, options: JsonOption & { password?: string }) =>
      runOperatorCommand(options, async (api) => {
        const subject = await findUser(api, username)
        const password = options.password ?? generatePassword()
        await api.call('POST', `/corral/v1/admin/users/${subject.id}/password`, { password })
        const generated = options.password === undefined
        return {
          json: { id: subject.id, username: subject.username, ...(generated ? { password } : {}) },
          text: [
            `changed the password of ${subject.username}; their sessions have ended`,
            ...(generated ? [`password: ${password}`] : []),
          ],
        }
      }),
    )
  withJsonOption(user)
}
