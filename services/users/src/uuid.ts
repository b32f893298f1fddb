const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether `text` can be compared with a `uuid` column. PostgreSQL refuses anything else with an error
 * (a 500), so references that may be names, and ids from the operator CLI, are checked first.
 */
export const isUuid = (text: string): boolean => uuidPattern.test(text)
