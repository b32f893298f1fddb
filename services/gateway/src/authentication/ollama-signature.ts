import { verify, type KeyObject } from 'node:crypto'
import { ed25519PublicKeyObject, parseSshEd25519PublicKey } from '@corral/core'
import { isBearer } from './authorization-header.ts'

/** How far the CLI's clock may be from ours. */
export const signatureWindowSeconds = 120

export interface SignedRequest {
  /** base64 SSH wire-format public key, as registered. */
  publicKey: string
  challenge: string
  signature: string
}

/**
 * Reads the `ollama` CLI's request signature (OLLAMA_AUTH=1): `Authorization: <base64 public key>:
 * <base64 ed25519 signature>` over `METHOD,PATH?ts=UNIX`, with `?ts=UNIX` in the URL
 * (ollama api/client.go, auth/auth.go). Returns undefined when the header is not of that form.
 */
export function parseSignedRequest(
  authorization: string,
  method: string,
  path: string,
  ts: string | undefined,
): SignedRequest | undefined {
  const separator = authorization.indexOf(':')
  if (separator <= 0 || isBearer(authorization) || !ts || !/^\d{1,12}$/.test(ts)) return undefined
  return {
    publicKey: authorization.slice(0, separator),
    signature: authorization.slice(separator + 1),
    challenge: `${method},${path}?ts=${ts}`,
  }
}

export function isFresh(ts: string, nowSeconds: number): boolean {
  return Math.abs(nowSeconds - Number(ts)) <= signatureWindowSeconds
}

/**
 * Verifies signatures and refuses replays: a signature already seen inside the window is refused,
 * since the CLI's challenge carries no server nonce. (Two identical requests signed in the same
 * second produce the same signature; the second is refused. That is the price of replay safety.)
 */
export class SignatureVerifier {
  private readonly keys = new Map<string, KeyObject | null>()
  private readonly seen = new Map<string, number>()

  verify(request: SignedRequest): boolean {
    let key = this.keys.get(request.publicKey)
    if (key === undefined) {
      const parsed = parseSshEd25519PublicKey(request.publicKey)
      key = parsed ? ed25519PublicKeyObject(parsed.raw) : null
      if (this.keys.size > 10_000) this.keys.clear()
      this.keys.set(request.publicKey, key)
    }
    if (!key) return false
    try {
      return verify(null, Buffer.from(request.challenge), key, Buffer.from(request.signature, 'base64'))
    } catch {
      return false
    }
  }

  /** Records the signature; false when it was already used. */
  firstUse(signature: string, nowMs: number): boolean {
    for (const [seen, forgetAt] of this.seen) {
      if (forgetAt > nowMs) break
      this.seen.delete(seen)
    }
    if (this.seen.has(signature)) return false
    this.seen.set(signature, nowMs + 2 * signatureWindowSeconds * 1000)
    return true
  }
}
