import type { AdminAuditEntry } from '@corral/contracts'
import type { Change } from '../../../components/change-list.tsx'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  if (!isObject(value)) return prefix ? { [prefix]: value } : {}
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (isObject(child)) Object.assign(out, flatten(child, path))
    else out[path] = child
  }
  return out
}

/** Before and after of an entry as one row per changed field (`limits.daily_token_quota`, …). */
export function auditChanges(entry: Pick<AdminAuditEntry, 'before' | 'after'>): Change[] {
  const before = flatten(entry.before)
  const after = flatten(entry.after)
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  return fields
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after))
}
