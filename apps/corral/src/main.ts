import { Command } from 'commander'
import { ConfigError, StartupError } from '@corral/core/config'
import { registerDbCommands } from './commands/db-commands.ts'
import { registerInviteCommands } from './commands/invite-commands.ts'
import { registerKeyCommands } from './commands/key-commands.ts'
import { OperatorRequestError } from './commands/operator/operator-api.ts'
import { registerUserCommands } from './commands/user-commands.ts'
import { corralVersion } from './version.ts'

// The server, the demo and the simulator are imported when their command runs: an operator command
// loads only what it needs (beside a running server: the configuration and an HTTP client).
const program = new Command()
  .name('corral')
  .description('A gateway that lets many people and programs share Ollama servers safely and fairly')
  .version(corralVersion)

program
  .command('start')
  .description('Run Corral (all services in one process)')
  .action(async () => (await import('./commands/start-command.ts')).startCommand())
program
  .command('sim')
  .description('Run the Ollama simulator (for tests, demos and benchmarks)')
  .allowUnknownOption()
  .allowExcessArguments()
  .helpOption(false)
  .action(async () => (await import('./commands/sim-command.ts')).simCommand(process.argv.slice(3)))
program
  .command('demo')
  .description('Run Corral with the Ollama simulator behind it, ready to try')
  .option('--json', 'print the address and credentials as JSON')
  .action(async (options: { json?: boolean }) =>
    (await import('./commands/demo-command.ts')).demoCommand(options),
  )
registerUserCommands(program)
registerKeyCommands(program)
registerInviteCommands(program)
registerDbCommands(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // Operators get one line: what was wrong. Stack traces only for what Corral did not expect.
  const known = error instanceof ConfigError || error instanceof StartupError
  const expected =
    known ||
    error instanceof OperatorRequestError ||
    (error as { code?: string }).code?.startsWith('CORRAL_ERR_') === true
  if (process.argv.includes('--json')) {
    const body =
      error instanceof OperatorRequestError
        ? error.body
        : { message: (error as Error).message, ...(known ? { variable: error.variable } : {}) }
    process.stderr.write(`${JSON.stringify(body)}\n`)
  } else {
    const prefix = error instanceof ConfigError ? 'configuration error: ' : ''
    process.stderr.write(`corral: ${prefix}${(error as Error).message}\n`)
  }
  if (!expected && process.env.CORRAL_LOG_LEVEL === 'debug')
    process.stderr.write(`${(error as Error).stack}\n`)
  process.exit(1)
}
