import { createHmac } from 'node:crypto'
import { constantTimeEqual } from '@corral/core'

/**
 * `X-Corral-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme Stripe made
 * familiar: the timestamp is signed with the body, so a receiver that checks it is recent (5 minutes)
 * rejects a replayed request, and each retry is signed anew.
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${body}`)}`
}

/** What a receiver does (docs/monitoring.md has the same in a snippet); the tests verify with it. */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]))
  const t = Number(parts.get('t'))
  const v1 = parts.get('v1')
  if (!Number.isInteger(t) || !v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false
  return constantTimeEqual(v1, hmac(secret, `${t}.${body}`))
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex')
}
