import type { FastifyInstance } from 'fastify'
import type { OperatorTransport } from './operator-api.ts'

/** The operator app in this process (no server runs): its requests are injected, not sent. */
export function injectTransport(app: FastifyInstance, close: () => Promise<void>): OperatorTransport {
  return {
    send: async (method, url, body) => {
      const response = await app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined ? {} : { payload: body as object }),
      })
      return { status: response.statusCode, body: response.body === '' ? null : response.json() }
    },
    close,
  }
}
