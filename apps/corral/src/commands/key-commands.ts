import type { Command } from 'commander'
import type { ApiKey, CreatedApiKey, User } from '@corral/contracts'
import { findUser, listAllUsers } from './find-user.ts'
import {
  integerInput,
  runOperatorCommand,
  timestampInput,
  withJsonOption,
  type JsonOption,
} from './operator-command.ts'

const keyState = (key: ApiKey) =>
  key.revoked_at
    ? 'revoked'
    : key.expires_at && Date.parse(key.expires_at) <= Date.now()
      ? 'expired'
      : 'active'

/** `corral key create|list|revoke`, through the admin API. */
export function registerKeyCommands(program: Command): void {
  const key = program.command('key').description('Manage API keys')
  key
    .command('create <username>')
    .description('Create an API key for a user (printed once)')
    .option('--name <name>', 'a name for the key', 'cli')
    .option('--priority <n>', 'priority 1-10 (default: the group priority)')
    .option('--expires <date>', 'expiry, an ISO date such as 2026-12-31')
    .action((username: string, options: JsonOption & { name: string; priority?: string; expires?: string }) =>
      runOperatorCommand(options, async (api) => {
        const owner = await findUser(api, username)
        const created = await api.call<CreatedApiKey>('POST', `/corral/v1/admin/users/${owner.id}/keys`, {
          name: options.name,
          priority: integerInput(options.priority),
          expires_at: timestampInput(options.expires),
        })
        return { json: created, text: [`key ${created.id} for ${owner.username}:`, created.key] }
      }),
    )
  key
    .command('list [username]')
    .description("List API keys (a user's, or everyone's) without their secrets")
    .option('--all', 'include revoked keys')
    .action((username: string | undefined, options: JsonOption & { all?: boolean }) =>
      runOperatorCommand(options, async (api) => {
        const owners: User[] = username ? [await findUser(api, username)] : (await listAllUsers(api)).users
        const keys: (ApiKey & { username: string })[] = []
        for (const owner of owners) {
          const { keys: own } = await api.call<{ keys: ApiKey[] }>(
            'GET',
            `/corral/v1/admin/users/${owner.id}/keys?include_revoked=${options.all === true}`,
          )
          keys.push(...own.map((row) => ({ ...row, username: owner.username })))
        }
        return {
          json: { keys },
          text: [
            ...keys.map(
              (row) =>
                `${row.id}  ${row.username.padEnd(24)} ${row.name.padEnd(16)} ${row.prefix}…  priority ${String(row.priority).padEnd(2)} ${keyState(row).padEnd(7)} last used ${row.last_used_at ?? 'never'}`,
            ),
            `${keys.length} key(s)`,
          ],
        }
      }),
    )
  key
    .command('revoke <keyId>')
    .description('Revoke an API key (a running Corral stops accepting it within a second)')
    .action((keyId: string, options: JsonOption) =>
      runOperatorCommand(options, async (api) => {
        await api.call('DELETE', `/corral/v1/admin/keys/${encodeURIComponent(keyId)}`)
        return { json: { id: keyId, revoked: true }, text: [`revoked ${keyId}`] }
      }),
    )
  withJsonOption(key)
}
