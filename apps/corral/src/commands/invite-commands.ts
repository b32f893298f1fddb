import { Option, type Command } from 'commander'
import type { Static } from 'typebox'
import type { CreatedRegistrationToken, RegistrationToken } from '@corral/contracts'
import {
  integerInput,
  runOperatorCommand,
  timestampInput,
  withJsonOption,
  type JsonOption,
} from './operator-command.ts'

type Token = Static<typeof RegistrationToken>

const tokenState = (token: Token) =>
  token.revoked_at
    ? 'revoked'
    : token.expires_at && Date.parse(token.expires_at) <= Date.now()
      ? 'expired'
      : token.max_uses !== null && token.uses >= token.max_uses
        ? 'used up'
        : 'active'

/** `corral invite create|list|revoke`: registration tokens, through the admin API. */
export function registerInviteCommands(program: Command): void {
  const invite = program.command('invite').description('Manage registration (invite) tokens')
  invite
    .command('create')
    .description('Create a registration token (printed once, with the link that registers with it)')
    .option('--max-uses <n>', 'how many accounts it may create (default: unlimited)')
    .option('--expires <date>', 'expiry, an ISO date such as 2026-12-31')
    .addOption(
      new Option('--role <role>', 'role of the new accounts').choices(['user', 'admin']).default('user'),
    )
    .option('--group <group>', 'group name or id for the new accounts')
    .option('--note <text>', 'a note for admins')
    .action(
      (
        options: JsonOption & {
          maxUses?: string
          expires?: string
          role: string
          group?: string
          note?: string
        },
      ) =>
        runOperatorCommand(options, async (api) => {
          const created = await api.call<Static<typeof CreatedRegistrationToken>>(
            'POST',
            '/corral/v1/admin/registration-tokens',
            {
              max_uses: integerInput(options.maxUses),
              expires_at: timestampInput(options.expires),
              role: options.role,
              group: options.group,
              note: options.note,
            },
          )
          return {
            json: created,
            text: [
              `registration token ${created.id}`,
              `  token:     ${created.token}`,
              `  register:  ${created.register_url}`,
            ],
          }
        }),
    )
  invite
    .command('list')
    .description('List registration tokens (without their secrets)')
    .action((options: JsonOption) =>
      runOperatorCommand(options, async (api) => {
        const { tokens } = await api.call<{ tokens: Token[] }>('GET', '/corral/v1/admin/registration-tokens')
        return {
          json: { tokens },
          text: [
            ...tokens.map(
              (row) =>
                `${row.id}  ${row.prefix}…  ${row.role.padEnd(6)} uses ${`${row.uses}/${row.max_uses ?? '∞'}`.padEnd(9)} ${tokenState(row).padEnd(8)} expires ${row.expires_at ?? 'never'}${row.note ? `  ${row.note}` : ''}`,
            ),
            `${tokens.length} registration token(s)`,
          ],
        }
      }),
    )
  invite
    .command('revoke <tokenId>')
    .description('Revoke a registration token (nobody can register with it any more)')
    .action((tokenId: string, options: JsonOption) =>
      runOperatorCommand(options, async (api) => {
        await api.call('DELETE', `/corral/v1/admin/registration-tokens/${encodeURIComponent(tokenId)}`)
        return { json: { id: tokenId, revoked: true }, text: [`revoked registration token ${tokenId}`] }
      }),
    )
  withJsonOption(invite)
}
