/**
 * Expiry choices of the create dialogs: a number of days from now, “never”, or the end of a chosen
 * day (the DateInput's `YYYY-MM-DD`, read in the admin's time zone).
 */
export function expiresAt(choice: string, day: string | null, now = Date.now()): string | null {
  if (choice === 'never') return null
  if (choice === 'date') return day ? new Date(`${day}T23:59:59`).toISOString() : null
  return new Date(now + Number(choice) * 86_400_000).toISOString()
}
