import { parseCidr } from '@corral/core/cidr'

/**
 * Validation as you type, with the server's own parser: `10.0.0.0/8`, `2001:db8::/32`, or a bare
 * address (a /32 or /128). Returns the canonical form, or null when the text is not an address range.
 */
export function canonicalCidr(text: string): string | null {
  return parseCidr(text)?.text ?? null
}

/** The entries of a list that are not address ranges, for one error message under the input. */
export function invalidCidrs(entries: readonly string[]): string[] {
  return entries.filter((entry) => entry.trim() !== '' && canonicalCidr(entry) === null)
}
