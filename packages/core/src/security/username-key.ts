/**
 * The one form of a username that storage, lookup and sign-in throttling all compare: NFKC (full-width
 * and compatibility characters become their plain forms) and then JavaScript's lower case, which is
 * the Unicode default mapping and independent of any locale, unlike PostgreSQL's `lower()` (it
 * follows the database's collation: `İ` became `i` there but `i̇` here, so the throttle and the
 * lookup saw two different names). Normalised again after lowering, which can leave a combining mark.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase().normalize('NFKC')
}
