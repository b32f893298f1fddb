/** What an audit record says changed: only the fields whose value differs, before and after. */
export interface AuditChange {
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The fields of `after` that differ from `before` (compared as JSON, so nested limits and lists
 * compare by value). A creation passes `before` null, a deletion `after` null.
 */
export function diffChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): AuditChange {
  if (!before || !after) return { before, after }
  const changedBefore: Record<string, unknown> = {}
  const changedAfter: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue
    changedBefore[key] = before[key] ?? null
    changedAfter[key] = after[key] ?? null
  }
  return { before: changedBefore, after: changedAfter }
}

/** Names of fields that hold or derive from a secret; their values never reach the log. */
const secretField = /password|secret|token_?hash|refresh_?token|^token$|^key$|private/i

/** A deep copy with every secret-looking field replaced, whatever the caller put in (defence in depth). */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redactSecrets) as T
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      secretField.test(key) && inner != null ? '[redacted]' : redactSecrets(inner),
    ]),
  ) as T
}
