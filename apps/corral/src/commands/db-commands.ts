import type { Command } from 'commander'
import { jsonOption } from './operator-command.ts'

/** `corral db copy`: moving Corral's data to another database (docs/deployment.md). */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description("Move Corral's database")
  db.command('copy')
    .description(
      'Copy every table of this Corral (CORRAL_DATABASE_URL, or the embedded database in CORRAL_DATA_DIR) ' +
        'into an empty PostgreSQL database or a new data directory, in one transaction',
    )
    .requiredOption(
      '--to <postgres-url|directory>',
      'the target: postgres://… or a directory for an embedded database',
    )
    .option('--force', 'replace the Corral data the target already holds')
    .addOption(jsonOption())
    .action(async (options: { to: string; force?: boolean; json?: boolean }) =>
      (await import('./db/db-copy-command.ts')).dbCopyCommand(options),
    )
}
