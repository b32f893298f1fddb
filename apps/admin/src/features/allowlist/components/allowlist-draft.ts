import { CidrSet } from '@corral/core/cidr'
import { canonicalCidr } from '../../../lib/cidr-input.ts'

export interface DraftEntry {
  /** Stable across edits, for React keys and focus. */
  key: string
  cidr: string
  note: string
}

export interface Entry {
  cidr: string
  note: string
}

let counter = 0
export const draftEntry = (entry: Entry = { cidr: '', note: '' }): DraftEntry => ({
  key: `entry-${(counter += 1)}`,
  ...entry,
})

/** Problems of the draft, per entry key: not a range, or a range already listed above. */
export function draftErrors(entries: readonly DraftEntry[]): Record<string, string> {
  const errors: Record<string, string> = {}
  const seen = new Map<string, string>()
  for (const entry of entries) {
    if (!entry.cidr.trim()) {
      errors[entry.key] = 'Enter an address or a range'
      continue
    }
    const canonical = canonicalCidr(entry.cidr)
    if (!canonical) {
      errors[entry.key] = 'Not an IPv4 or IPv6 address or range'
      continue
    }
    const first = seen.get(canonical)
    if (first) errors[entry.key] = `Listed twice (${canonical})`
    else seen.set(canonical, entry.key)
  }
  return errors
}

/** The entries as the server stores them: canonical ranges, trimmed notes. */
export const draftToEntries = (entries: readonly DraftEntry[]): Entry[] =>
  entries.map((entry) => ({ cidr: canonicalCidr(entry.cidr) ?? entry.cidr.trim(), note: entry.note.trim() }))

/**
 * Whether an enabled draft would refuse `address` (the admin's own, as the server sees it), checked
 * with the server's matcher. The server refuses such a save without `override_lockout` anyway; this
 * lets the form say so before anyone presses Save.
 */
export function locksOut(enabled: boolean, entries: readonly Entry[], address: string): boolean {
  if (!enabled) return false
  const valid = entries.map((entry) => entry.cidr).filter((cidr) => canonicalCidr(cidr) !== null)
  return !new CidrSet(valid).contains(address)
}

export interface AllowlistDiff {
  added: Entry[]
  removed: Entry[]
  renoted: { cidr: string; before: string; after: string }[]
  enabledChanged: boolean
}

export function diffAllowlist(
  saved: { enabled: boolean; entries: readonly Entry[] },
  draft: { enabled: boolean; entries: readonly Entry[] },
): AllowlistDiff {
  const before = new Map(saved.entries.map((entry) => [canonicalCidr(entry.cidr) ?? entry.cidr, entry]))
  const after = new Map(draft.entries.map((entry) => [canonicalCidr(entry.cidr) ?? entry.cidr, entry]))
  return {
    added: [...after].filter(([cidr]) => !before.has(cidr)).map(([, entry]) => entry),
    removed: [...before].filter(([cidr]) => !after.has(cidr)).map(([, entry]) => entry),
    renoted: [...after]
      .filter(([cidr, entry]) => before.has(cidr) && before.get(cidr)!.note !== entry.note)
      .map(([cidr, entry]) => ({ cidr, before: before.get(cidr)!.note, after: entry.note })),
    enabledChanged: saved.enabled !== draft.enabled,
  }
}

export const isUnchanged = (diff: AllowlistDiff) =>
  !diff.enabledChanged && diff.added.length === 0 && diff.removed.length === 0 && diff.renoted.length === 0
