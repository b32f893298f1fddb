/**
 * Whether a failed query broke a unique constraint (PostgreSQL `23505`). Drizzle wraps the driver's
 * error in a `DrizzleQueryError` whose `cause` carries the code, so the chain is followed; checking
 * the top-level error alone turned a lost race for a unique name into a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  let current = error
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    if ((current as { code?: unknown }).code === '23505') return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
