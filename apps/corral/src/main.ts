import { Command } from 'commander'
import { ConfigError } from '@corral/core'
import { registerAdminCommands } from './commands/admin-commands.ts'
import { demoCommand } from './commands/demo-command.ts'
import { simCommand } from './commands/sim-command.ts'
import { startCommand } from './commands/start-command.ts'
import { corralVersion } from './version.ts'

const program = new Command()
  .name('corral')
  .description('A gateway that lets many people and programs share Ollama servers safely and fairly')
  .version(corralVersion)

program.command('start').description('Run Corral (all services in one process)').action(startCommand)
program
  .command('sim')
  .description('Run the Ollama simulator (for tests, demos and benchmarks)')
  .allowUnknownOption()
  .allowExcessArguments()
  .helpOption(false)
  .action(() => simCommand(process.argv.slice(3)))
program
  .command('demo')
  .description('Run Corral with the Ollama simulator behind it, ready to try')
  .action(demoCommand)
registerAdminCommands(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  // Operators get one line: what was wrong. Stack traces only for what Corral did not expect.
  const code = (error as { code?: string }).code
  const expected = error instanceof ConfigError || code?.startsWith('CORRAL_ERR_')
  const prefix = error instanceof ConfigError ? 'configuration error: ' : ''
  process.stderr.write(`corral: ${prefix}${(error as Error).message}\n`)
  if (!expected && process.env.CORRAL_LOG_LEVEL === 'debug')
    process.stderr.write(`${(error as Error).stack}\n`)
  process.exit(1)
}
