import type { Settings } from '@corral/core'

/** Defaults for settings never saved; `defaultGroupId` is filled with the default group at start. */
export const defaultSettings: Omit<Settings, 'defaultGroupId'> = {
  registrationEnabled: true,
  queue: { maxLength: 1000, maxPerUser: 100, maxWaitSeconds: 600, agingSeconds: 30 },
  fairness: { inputTokenWeight: 1, outputTokenWeight: 2 },
  reportingTimeZone: 'UTC',
  tokenPrices: { currency: 'USD', inputPerMillion: 0, outputPerMillion: 0 },
}
