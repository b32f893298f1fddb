import { stdSerializers, type LoggerOptions } from 'pino'

/**
 * Paths that may carry secrets anywhere they are logged. Request bodies are never logged, but a
 * header or an error may be, so these are redacted at the logger rather than at each call site.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-corral-internal-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.key',
  '*.refresh_token',
  '*.access_token',
  '*.registration_token',
]

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Ollama CLI signatures travel in the query string (`?ts=`); the signature itself is a header,
    // but strip query strings from logged URLs anyway: they are never needed to debug a route.
    serializers: {
      // node-postgres attaches its whole connection (`client`, with the connection parameters, the
      // password among them when the URL holds one) to the errors it emits; the rest is what we need.
      err: (error: Error) => {
        const serialized: Record<string, unknown> = stdSerializers.err(error)
        delete serialized.client
        return serialized
      },
      req: (req: { method: string; url: string; ip?: string; headers?: Record<string, unknown> }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        remoteAddress: req.ip,
        userAgent: req.headers?.['user-agent'],
      }),
    },
  }
}
