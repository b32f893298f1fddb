/**
 * The credentials of an `Authorization: Bearer …` header. The scheme is case-insensitive (RFC 9110
 * §11.1) and may be followed by more than one space; undefined when the header is another scheme.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')
  return match?.[1]
}

export const isBearer = (authorization: string): boolean => /^bearer(?:[ \t]|$)/i.test(authorization)
