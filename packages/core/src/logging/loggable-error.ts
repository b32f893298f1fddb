import { DrizzleQueryError } from 'drizzle-orm/errors'

/**
 * The error as logs should see it. Drizzle wraps every database failure in an error whose message
 * and properties hold the whole SQL statement and its parameters (hashed secrets, user text, a NUL
 * byte someone sent); the database driver's own error underneath says what went wrong.
 */
export function loggableError(error: unknown): unknown {
  if (error instanceof DrizzleQueryError && error.cause instanceof Error) return error.cause
  return error
}
