/**
 * `net/http`'s `cleanPath`: Go's `path.Clean` (repeated slashes collapsed, `.` dropped, `..` resolved
 * lexically) with a leading `/` and the trailing slash kept. `ServeMux` runs it on the *escaped* path, so
 * `%2e%2e` and `%2F` are left alone (golang/go#70130).
 */
export function cleanPath(path: string): string {
  if (path === '') return '/'
  const rooted = path.startsWith('/') ? path : '/' + path
  const cleaned = goPathClean(rooted)
  return rooted.endsWith('/') && cleaned !== '/' ? cleaned + '/' : cleaned
}

/** Go's `path.Clean`. */
export function goPathClean(path: string): string {
  if (path === '') return '.'
  const rooted = path.startsWith('/')
  const kept: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part !== '..') kept.push(part)
    else if (kept.length > 0 && kept.at(-1) !== '..') kept.pop()
    else if (!rooted) kept.push('..')
  }
  const joined = kept.join('/')
  if (rooted) return '/' + joined
  return joined === '' ? '.' : joined
}
