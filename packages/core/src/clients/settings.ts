/** System settings stored in the database and applied without restart (the admin panel edits them). */
export interface Settings {
  /** When false, registration tokens are refused even if valid. */
  registrationEnabled: boolean
  defaultGroupId: string
  queue: {
    maxLength: number
    maxPerUser: number
    maxWaitSeconds: number
    /** One priority step is added per this many seconds of waiting; 0 disables aging. */
    agingSeconds: number
  }
  fairness: {
    /** Virtual-token-counter charge per prompt token and per output token. */
    inputTokenWeight: number
    outputTokenWeight: number
  }
  /** The IANA time zone the dashboards' days and hours are in, unless a request names another. */
  reportingTimeZone: string
  /** Shown next to usage; Corral does not bill. */
  tokenPrices: {
    currency: string
    inputPerMillion: number
    outputPerMillion: number
  }
}
