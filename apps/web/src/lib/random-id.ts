/**
 * A random id for chat requests. `crypto.randomUUID` exists only in secure contexts, and Corral is
 * often reached over plain http on a LAN; `getRandomValues` works everywhere.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
