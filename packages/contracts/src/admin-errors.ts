/**
 * The stable `code`s the admin API answers with (in the `{statusCode, code, error, message}` shape of
 * every `/corral/v1/*` error), and what each means for the person at the admin panel. The `message` of
 * an error is written for people too, but it may carry details (a name, an address); the panel maps
 * the code to its own words and may show the message beside them.
 */
export const AdminErrorCodes = {
  CORRAL_ERR_VALIDATION: {
    status: 400,
    meaning:
      'A field is missing or out of range; `fields` names it (`path` is a JSON pointer into the body or query)',
  },
  CORRAL_ERR_BAD_REQUEST: {
    status: 400,
    meaning: 'The request could not be read (malformed JSON, empty body)',
  },
  CORRAL_ERR_WEAK_PASSWORD: { status: 400, meaning: 'The password is too short or too easy to guess' },
  CORRAL_ERR_INVALID_CIDR: { status: 400, meaning: 'An entry is not an IPv4 or IPv6 address or CIDR' },
  CORRAL_ERR_INVALID_RANGE: {
    status: 400,
    meaning: 'The time range ends before it starts, is longer than 400 days, or gives too many buckets',
  },
  CORRAL_ERR_UNKNOWN_TIME_ZONE: {
    status: 400,
    meaning: 'Not an IANA time zone name (such as Europe/Berlin)',
  },
  CORRAL_ERR_PRIORITY_OUT_OF_RANGE: { status: 400, meaning: 'Priorities are whole numbers from 1 to 10' },
  CORRAL_ERR_UNAUTHENTICATED: { status: 401, meaning: 'The session has ended: sign in again' },
  CORRAL_ERR_FORBIDDEN: {
    status: 403,
    meaning:
      'Not allowed: not an admin, or an action on yourself (demoting, disabling or deleting your own account)',
  },
  CORRAL_ERR_IP_NOT_ALLOWED: { status: 403, meaning: 'This address is not on the IP allowlist' },
  CORRAL_ERR_NOT_FOUND: { status: 404, meaning: 'It no longer exists (another admin may have removed it)' },
  CORRAL_ERR_CONFLICT: {
    status: 409,
    meaning: 'A name is taken, or the object is in use (a group with members, the default group)',
  },
  CORRAL_ERR_LAST_ADMIN: {
    status: 409,
    meaning: 'This would leave no enabled admin: promote or enable another admin first',
  },
  CORRAL_ERR_STALE_EDIT: {
    status: 409,
    meaning: 'Someone saved a change since this form was loaded: reload, review and save again',
  },
  CORRAL_ERR_ALLOWLIST_LOCKOUT: {
    status: 409,
    meaning: 'The list would shut out your own address; save with `override_lockout: true` to do it anyway',
  },
  CORRAL_ERR_NO_BACKEND: { status: 503, meaning: 'No Ollama backend is reachable' },
  CORRAL_ERR_UPSTREAM_UNAVAILABLE: { status: 502, meaning: 'An Ollama backend did not answer' },
  CORRAL_ERR_INTERNAL: { status: 500, meaning: 'Something went wrong on the server; it has been logged' },
} as const

export type AdminErrorCode = keyof typeof AdminErrorCodes
