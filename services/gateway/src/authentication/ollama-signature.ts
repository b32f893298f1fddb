import { verify, type KeyObject } from 'node:crypto'
import { ed25519PublicKeyObject, parseSshEd25519PublicKey } from '@corral/core'
import { isBearer } from './authorization-header.ts'

/** How far the CLI's clock may be from ours. */
export const signatureWindowSeconds = 120
/** Signatures remembered at once for replay refusal; past it new ones are refused until old ones age out. */
const maxRememberedSignatures = 100_000

export interface SignedRequest {
  /** base64 SSH wire-format public key, canonical, exactly as registered. */
  publicKey: string
  raw: Buffer
  challenge: string
  /** The 64 signature bytes, decoded strictly. */
  signature: Buffer
}

/**
 * Reads the `ollama` CLI's request signature (OLLAMA_AUTH=1): `Authorization: <base64 public key>:
 * <base64 ed25519 signature>` over `METHOD,PATH?ts=UNIX`, with `?ts=UNIX` in the URL
 * (ollama api/client.go, auth/auth.go). Returns undefined when the header is not of that form.
 *
 * Both halves must be the one canonical base64 encoding the CLI writes (Go's StdEncoding: standard
 * alphabet, padded): Node's decoder also accepts the same bytes unpadded, URL-safe, with spaces or
 * with trailing junk, and each of those spellings would otherwise be a "new" signature to replay.
 */
export function parseSignedRequest(
  authorization: string,
  method: string,
  path: string,
  ts: string | undefined,
): SignedRequest | undefined {
  const separator = authorization.indexOf(':')
  if (separator <= 0 || isBearer(authorization) || !ts || !/^\d{1,12}$/.test(ts)) return undefined
  const wire = canonicalBase64(authorization.slice(0, separator), sshEd25519WireBytes)
  const signature = canonicalBase64(authorization.slice(separator + 1), ed25519SignatureBytes)
  const key = wire && parseSshEd25519PublicKey(wire.toString('base64'))
  if (!key || !signature) return undefined
  return { publicKey: key.wireBase64, raw: key.raw, signature, challenge: `${method},${path}?ts=${ts}` }
}

/** `string ssh-ed25519` + `string <32 key bytes>` (RFC 8709 §4). */
const sshEd25519WireBytes = 4 + 11 + 4 + 32
const ed25519SignatureBytes = 64

/** The bytes of `text` when it is exactly the padded, standard-alphabet base64 of `length` bytes. */
function canonicalBase64(text: string, length: number): Buffer | undefined {
  if (text.length !== Math.ceil(length / 3) * 4) return undefined
  const bytes = Buffer.from(text, 'base64')
  return bytes.length === length && bytes.toString('base64') === text ? bytes : undefined
}

export function isFresh(ts: string, nowSeconds: number): boolean {
  return Math.abs(nowSeconds - Number(ts)) <= signatureWindowSeconds
}

/**
 * Verifies signatures and refuses replays: a signature already seen inside the window is refused,
 * since the CLI's challenge carries no server nonce. (Two identical requests signed in the same
 * second produce the same signature; the second is refused. That is the price of replay safety.)
 * Ed25519 signatures are not malleable (OpenSSL refuses S ≥ L), so remembering the decoded bytes
 * catches every replay of one signature.
 */
export class SignatureVerifier {
  private readonly keys = new Map<string, KeyObject>()
  private readonly seen = new Map<string, number>()

  verify(request: SignedRequest): boolean {
    let key = this.keys.get(request.publicKey)
    if (!key) {
      key = ed25519PublicKeyObject(request.raw)
      if (this.keys.size >= 10_000) this.keys.clear()
      this.keys.set(request.publicKey, key)
    }
    try {
      return verify(null, Buffer.from(request.challenge), key, request.signature)
    } catch {
      return false
    }
  }

  /** Records the signature; false when it was already used (or too many are remembered to be sure). */
  firstUse(signature: Buffer, nowMs: number): boolean {
    for (const [seen, forgetAt] of this.seen) {
      if (forgetAt > nowMs) break
      this.seen.delete(seen)
    }
    const id = signature.toString('base64')
    if (this.seen.has(id) || this.seen.size >= maxRememberedSignatures) return false
    this.seen.set(id, nowMs + 2 * signatureWindowSeconds * 1000)
    return true
  }
}
