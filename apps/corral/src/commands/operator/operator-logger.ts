import { pino, type Logger } from 'pino'

/**
 * The logger of a command that opens a database itself: warnings (waiting for PostgreSQL) reach
 * stderr as plain `corral: …` lines, and stdout stays the command's result.
 */
export function operatorLogger(): Logger {
  return pino(
    { level: 'warn' },
    {
      write: (line: string) => process.stderr.write(`corral: ${(JSON.parse(line) as { msg: string }).msg}\n`),
    },
  )
}
