import type { AdminUpdateGroupRequest, FieldChange } from '@corral/contracts'
import { limitsFromRow } from '../limits-columns.ts'
import type { GroupRow } from './groups-repository.ts'

/** A group's editable settings as the API names them, limits flattened (`limits.tokens_per_minute`). */
export function editableView(group: GroupRow): Record<string, unknown> {
  const view: Record<string, unknown> = {
    name: group.name,
    description: group.description,
    priority: group.priority,
    weight: group.weight,
    models: group.modelAllowlist,
  }
  for (const [limit, value] of Object.entries(limitsFromRow(group))) view[`limits.${limit}`] = value
  return view
}

/** The same view after an edit, without saving anything. */
export function editedView(group: GroupRow, input: AdminUpdateGroupRequest): Record<string, unknown> {
  const view = editableView(group)
  for (const field of ['name', 'description', 'priority', 'weight', 'models'] as const) {
    if (input[field] !== undefined) view[field] = input[field]
  }
  for (const [limit, value] of Object.entries(input.limits ?? {})) {
    if (value !== undefined) view[`limits.${limit}`] = value
  }
  return view
}

/** The fields whose value differs, in a stable order. */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  return Object.keys(after)
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
}
