import { generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isFresh, parseSignedRequest, SignatureVerifier } from '../../src/authentication/ollama-signature.ts'

function sshWirePublicKey(raw: Buffer): string {
  const type = Buffer.from('ssh-ed25519')
  const length = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])
  return Buffer.concat([length(type.length), type, length(raw.length), raw]).toString('base64')
}

/** Signs like the ollama CLI (api/client.go + auth/auth.go). */
function cliAuthorization(method: string, path: string, ts: number) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  const signature = sign(null, Buffer.from(`${method},${path}?ts=${ts}`), privateKey).toString('base64')
  return { header: `${sshWirePublicKey(raw)}:${signature}`, publicKey: sshWirePublicKey(raw) }
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

describe('ollama CLI signatures', () => {
  const ts = Math.floor(Date.now() / 1000)

  it('verifies a signature made the way the CLI makes it', () => {
    const { header, publicKey } = cliAuthorization('POST', '/api/chat', ts)
    const signed = parseSignedRequest(header, 'POST', '/api/chat', String(ts))!
    expect(signed.publicKey).toBe(publicKey)
    expect(new SignatureVerifier().verify(signed)).toBe(true)
  })

  it('refuses a signature over another method, path or time', () => {
    const { header } = cliAuthorization('POST', '/api/chat', ts)
    const verifier = new SignatureVerifier()
    expect(verifier.verify(parseSignedRequest(header, 'DELETE', '/api/chat', String(ts))!)).toBe(false)
    expect(verifier.verify(parseSignedRequest(header, 'POST', '/api/delete', String(ts))!)).toBe(false)
    expect(verifier.verify(parseSignedRequest(header, 'POST', '/api/chat', String(ts + 1))!)).toBe(false)
  })

  it('refuses stale and future timestamps', () => {
    expect(isFresh(String(ts), ts + 60)).toBe(true)
    expect(isFresh(String(ts), ts + 600)).toBe(false)
    expect(isFresh(String(ts + 600), ts)).toBe(false)
  })

  it('accepts a signature once', () => {
    const verifier = new SignatureVerifier()
    const signature = Buffer.alloc(64, 7)
    expect(verifier.firstUse(signature, 0)).toBe(true)
    expect(verifier.firstUse(Buffer.from(signature), 1000)).toBe(false)
    expect(verifier.firstUse(signature, 10 * 60_000)).toBe(true)
  })

  it('reads only the canonical base64 the CLI writes, so one signature has one spelling', () => {
    const { header } = cliAuthorization('GET', '/api/tags', ts)
    const [key, signature] = header.split(':') as [string, string]
    const parse = (authorization: string) => parseSignedRequest(authorization, 'GET', '/api/tags', String(ts))
    expect(parse(header)?.signature).toHaveLength(64)
    for (const variant of [
      signature.replace(/=+$/, ''),
      `${signature}=`,
      `${signature}AA`,
      ` ${signature}`,
      `${signature.slice(0, 10)}\n${signature.slice(10)}`,
      // The same 64 bytes with one of the last character's four unused bits set.
      signature.replace(/.(?===$)/, (last) => base64Alphabet[base64Alphabet.indexOf(last) | 1]!),
    ]) {
      expect(parse(`${key}:${variant}`), variant).toBeUndefined()
    }
    expect(parse(`${key}=:${signature}`)).toBeUndefined()
    expect(parse(`${key.slice(0, -4)}:${signature}`)).toBeUndefined()
  })

  it('does not mistake Bearer tokens or a missing ts for signatures', () => {
    expect(parseSignedRequest('Bearer abc:def', 'GET', '/api/tags', String(ts))).toBeUndefined()
    expect(parseSignedRequest('abc:def', 'GET', '/api/tags', undefined)).toBeUndefined()
  })
})
