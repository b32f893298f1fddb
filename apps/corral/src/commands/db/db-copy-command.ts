import { DrizzleQueryError } from 'drizzle-orm'
import { authMigrations } from '@corral/auth'
import { copyDatabase, CopyRefusal, loadConfig, StartupError, type CopyReport } from '@corral/core'
import { corralMigrations } from '../../corral-migrations.ts'
import { operatorLogger } from '../operator/operator-logger.ts'
import { openCopySource, type CopyEndpoint } from './copy-source.ts'
import {
  checkCopySecret,
  checkTargetKeyFile,
  copyKeyFile,
  findCopySecret,
  type CopySecret,
} from './copy-secret.ts'
import { CopyProgress } from './copy-progress.ts'
import { openCopyTarget, parseCopyTarget, type CopyTarget } from './copy-target.ts'

export interface DbCopyOptions {
  to: string
  force?: boolean
  json?: boolean
}

/**
 * `corral db copy --to <postgres-url|directory>`: this Corral's database (the configured one) into
 * another, in one transaction on the target. Refusals are one line naming what to change.
 */
export async function dbCopyCommand(options: DbCopyOptions): Promise<void> {
  const config = loadConfig()
  const target = parseCopyTarget(options.to, config)
  const logger = operatorLogger()
  const copySecret = await findCopySecret(config)
  const started = performance.now()
  const source = await openCopySource(config, logger)
  const progress = process.stderr.isTTY && !options.json ? new CopyProgress(process.stderr) : undefined
  try {
    if (target.kind === 'directory')
      await checkTargetKeyFile(target.dataDir, copySecret, options.force ?? false)
    const opened = await openCopyTarget(target, logger)
    let report: CopyReport
    try {
      report = await copyDatabase(source.database, opened.database, {
        services: corralMigrations,
        replace: options.force,
        checkSource: async (from, schemas) => {
          if (schemas.includes(authMigrations.schema)) await checkCopySecret(from, copySecret)
        },
        onBatch: (table, rows) => progress?.batch(table, rows),
      })
    } catch (error) {
      progress?.clear()
      await opened.database.close()
      await opened.discard()
      throw explain(error, source, opened)
    }
    progress?.clear()
    await opened.database.close()
    const keyFile = target.kind === 'directory' ? await copyKeyFile(target.dataDir, copySecret) : undefined
    const seconds = Math.round((performance.now() - started) / 100) / 10
    const next = nextStep(target, copySecret, keyFile)
    if (options.json) {
      const secret = {
        origin: copySecret.origin,
        signing_keys: copySecret.signingKeys,
        key_file: keyFile ?? null,
      }
      const summary = {
        source: source.description,
        target: opened.description,
        ...report,
        seconds,
        secret,
        next,
      }
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    } else
      process.stdout.write(
        report.tables
          .map((table) => `  ${table.name}: ${table.rows} row${table.rows === 1 ? '' : 's'}\n`)
          .join('') +
          `copied ${report.tables.length} tables (${report.rows} rows, ${report.sequences} sequences) from ${source.description} to ${opened.description} in ${seconds} s\n` +
          `next: ${next}\n`,
      )
  } finally {
    await source.database.close()
  }
}

/** What the operator does now: where to point Corral, and which secret it must have. */
function nextStep(target: CopyTarget, copySecret: CopySecret, keyFile: string | undefined): string {
  const start =
    target.kind === 'postgres'
      ? 'start Corral with CORRAL_DATABASE_URL set to the target'
      : `start Corral with CORRAL_DATA_DIR=${target.dataDir} and without CORRAL_DATABASE_URL`
  const keys = `the ${copySecret.signingKeys} JWT signing key(s) copied are encrypted with`
  if (copySecret.signingKeys === 0) return `${start} (the source had no signing keys: it makes new ones)`
  if (copySecret.origin === 'CORRAL_SECRET_KEY') return `${start} and the same CORRAL_SECRET_KEY (${keys} it)`
  if (keyFile) return `${start}; its secret.key is a copy of ${copySecret.origin} (${keys} it)`
  return `${start} and the same instance secret (${keys} ${copySecret.origin}): keep this CORRAL_DATA_DIR, or set CORRAL_SECRET_KEY to the contents of that file`
}

/**
 * One line for the operator. A query that failed reaches us wrapped by Drizzle with its SQL and
 * parameters, which here are the rows being copied (password hashes among them): only the
 * database's own message is kept.
 */
function explain(error: unknown, source: CopyEndpoint, target: CopyEndpoint): unknown {
  if (error instanceof CopyRefusal)
    return new StartupError(
      error.side === 'source' ? source.variable : target.variable,
      error.problem,
      error.fix,
    )
  if (error instanceof StartupError) return error
  const cause = error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause : error
  if ((cause as { code?: string }).code === '55P03')
    return new StartupError(
      target.variable,
      `its tables are in use (${(cause as Error).message})`,
      'Stop every Corral using the target, then copy again',
    )
  return new Error(`the copy stopped and wrote nothing to the target: ${(cause as Error).message}`)
}
