const htmlUnsafe = /[<>&\u2028\u2029]/
const htmlUnsafeAll = /[<>&\u2028\u2029]/g
const escapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * JSON as Go's `json.Marshal` writes it: `<`, `>` and `&` are escaped, so `"<think>"` becomes
 * `"\u003cthink\u003e"` on the wire exactly as with a real Ollama (reference §1).
 */
export function goJson(value: unknown): string {
  const text = JSON.stringify(value)
  // `htmlUnsafeAll` matches only the keys of `escapes`.
  return htmlUnsafe.test(text) ? text.replace(htmlUnsafeAll, (char) => escapes[char]!) : text
}
