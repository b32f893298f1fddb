import type { BootstrapResult } from '@corral/auth'

/**
 * The one-time admin invitation of a fresh installation goes to the terminal, not to the log: it is a
 * secret, and logs are kept and shipped.
 */
export function printBootstrap(result: BootstrapResult, baseUrl: string): void {
  if (result.kind !== 'token-issued') return
  process.stdout.write(
    [
      '',
      '  Corral has no users yet. Create the first admin account:',
      `    in a browser:  ${baseUrl}/register?token=${result.token}`,
      `    or with curl:  curl -X POST ${baseUrl}/corral/v1/auth/register -H 'content-type: application/json' \\`,
      `                     -d '{"username":"admin","password":"<a strong password>","registration_token":"${result.token}"}'`,
      '  This token works once. (Set CORRAL_ADMIN_USERNAME and CORRAL_ADMIN_PASSWORD to create the admin instead.)',
      '',
      '',
    ].join('\n'),
  )
}
