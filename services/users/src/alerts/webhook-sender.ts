import { request } from 'undici'

export interface AttemptOutcome {
  ok: boolean
  status: number | null
  error: string | null
  durationMs: number
}

/**
 * One POST to a webhook, bounded by `timeoutMs` from start to the end of the answer (which is read and
 * thrown away). Redirects are not followed: a webhook URL is the address the admin entered.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const response = await request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Corral-Webhooks', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    await response.body.dump({ limit: 64 * 1024 })
    const ok = response.statusCode >= 200 && response.statusCode < 300
    return {
      ok,
      status: response.statusCode,
      error: ok ? null : `HTTP ${response.statusCode}`,
      durationMs: elapsed(),
    }
  } catch (error) {
    return { ok: false, status: null, error: describe(error, timeoutMs), durationMs: elapsed() }
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name
  const code = (error as { code?: string }).code
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `timed out after ${timeoutMs} ms`
  }
  const cause = (error as { cause?: { code?: string } }).cause
  return [code ?? cause?.code, (error as Error).message].filter(Boolean).join(': ') || 'request failed'
}
