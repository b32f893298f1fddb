import { createHash, createPublicKey, type KeyObject } from 'node:crypto'

export interface SshEd25519PublicKey {
  /** base64 of the SSH wire format: what `~/.ollama/id_ed25519.pub` holds and the CLI sends. */
  wireBase64: string
  raw: Buffer
  comment: string
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string
}

const keyType = 'ssh-ed25519'

/**
 * Parses `ssh-ed25519 AAAA… comment` (or just the base64 part). The wire format is two SSH strings:
 * the key type and the 32-byte key (RFC 8709 §4). Returns undefined for anything else.
 */
export function parseSshEd25519PublicKey(text: string): SshEd25519PublicKey | undefined {
  const parts = text.trim().split(/\s+/)
  const [first, second, ...rest] = parts
  const base64 = first === keyType ? second : first
  const comment = first === keyType ? rest.join(' ') : [second, ...rest].filter(Boolean).join(' ')
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined
  const wire = Buffer.from(base64, 'base64')
  const raw = readWire(wire)
  if (!raw) return undefined
  const fingerprint = `SHA256:${createHash('sha256').update(wire).digest('base64').replace(/=+$/, '')}`
  return { wireBase64: wire.toString('base64'), raw, comment, fingerprint }
}

function readWire(wire: Buffer): Buffer | undefined {
  if (wire.length !== 4 + keyType.length + 4 + 32) return undefined
  if (wire.readUInt32BE(0) !== keyType.length || wire.toString('latin1', 4, 4 + keyType.length) !== keyType)
    return undefined
  const offset = 4 + keyType.length
  if (wire.readUInt32BE(offset) !== 32) return undefined
  return wire.subarray(offset + 4)
}

/** A Node KeyObject for `crypto.verify(null, data, key, signature)`. */
export function ed25519PublicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
}
