import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import type { Logger } from 'pino'
import { StartupError } from '../config/startup-error.ts'
import { describeTarget } from './database-url.ts'

/** Failures that go away when the server finishes starting (compose often starts Corral first). */
const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P03', // the database system is starting up
  '53300', // too many connections, for now
])

const isTransient = (error: unknown) =>
  transientCodes.has((error as { code?: string }).code ?? '') ||
  /timeout|terminated unexpectedly/i.test((error as Error).message)

/**
 * Waits until PostgreSQL accepts a connection, retrying with backoff for up to `timeoutMs`, so that a
 * server which comes up after Corral is waited for; a failure that waiting cannot fix (wrong password,
 * no such database) stops at once. Either way the error names CORRAL_DATABASE_URL and the fix, and
 * never shows the password.
 */
export async function waitForPostgres(
  url: string,
  options: {
    timeoutMs: number
    logger: Logger
    /** What the errors name (`corral db copy --to` is not CORRAL_DATABASE_URL). */
    variable?: string
  },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  let delayMs = 250
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now()
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: Math.max(1000, Math.min(10_000, remaining)),
    })
    try {
      await client.connect()
      await client.query('select 1')
      if (attempt > 1) options.logger.info({ attempts: attempt }, 'the database answers')
      return
    } catch (error) {
      if (!isTransient(error) || Date.now() >= deadline)
        throw connectionProblem(url, error, options.timeoutMs, options.variable)
      if (attempt === 1)
        options.logger.warn(
          `PostgreSQL at ${describeTarget(url)} does not answer yet (${(error as Error).message}); ` +
            `retrying for up to ${seconds(options.timeoutMs)} (CORRAL_DATABASE_CONNECT_TIMEOUT)`,
        )
    } finally {
      await client.end().catch(() => undefined)
    }
    await sleep(Math.min(delayMs, Math.max(0, deadline - Date.now())))
    delayMs = Math.min(delayMs * 2, 5000)
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`

function connectionProblem(
  url: string,
  error: unknown,
  timeoutMs: number,
  variable = 'CORRAL_DATABASE_URL',
): StartupError {
  const target = describeTarget(url)
  const code = (error as { code?: string }).code
  const user = safeUser(url)
  // A connection tried once (timeout 0) has no waiting to report or to configure.
  const waited = timeoutMs > 0 ? `; waited ${seconds(timeoutMs)}` : ''
  const timeoutHint =
    timeoutMs > 0 ? '; CORRAL_DATABASE_CONNECT_TIMEOUT sets how long Corral waits for it at start' : ''
  switch (code) {
    case 'ECONNREFUSED':
      return new StartupError(
        variable,
        `no PostgreSQL accepts connections at ${target} (connection refused${waited})`,
        `Start PostgreSQL or correct the host and port${timeoutHint}`,
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        variable,
        `the host of ${target} cannot be resolved${waited ? ` (${waited.slice(2)})` : ''}`,
        'Correct the host name, or start the database service first',
      )
    case '28P01':
    case '28000':
      return new StartupError(
        variable,
        `PostgreSQL at ${target} refused the credentials${user ? ` of user "${user}"` : ''}`,
        'Correct the user and password in the URL (percent-encode special characters), or allow this client in pg_hba.conf',
      )
    case '3D000':
      return new StartupError(
        variable,
        `the database of ${target} does not exist`,
        'Create it (createdb) or correct the database name at the end of the URL',
      )
    default:
      return new StartupError(
        variable,
        `cannot connect to PostgreSQL at ${target} (${(error as Error).message}${isTransient(error) ? waited : ''})`,
        `Check that the server runs and the URL is right${timeoutHint}`,
      )
  }
}

function safeUser(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).username) || undefined
  } catch {
    return undefined
  }
}
