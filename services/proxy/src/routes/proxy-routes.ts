import type { OutgoingHttpHeaders } from 'node:http'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { requireIdentity } from '@corral/core'
import type { ProxyService } from '../proxy/proxy-service.ts'
import { normalizeRequestPath } from '../proxy/request-path.ts'

/**
 * `/api/*` and `/v1/*`, proxied. Bodies are not parsed by Fastify here: the proxy reads them raw
 * (Ollama ignores Content-Type, blobs are streamed, and the bytes are forwarded as they came).
 */
export const proxyRoutes: FastifyPluginAsync<{ proxy: ProxyService }> = async (app, { proxy }) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_request, _payload, done) => done(null))

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    // On every answer, errors included, so a client can find its usage record.
    void reply.header('x-corral-request-id', request.id)
    const controller = new AbortController()
    // A client that leaves (while queued or while streaming) aborts everything done on its behalf.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) controller.abort()
    })
    const queryStart = request.url.indexOf('?')
    const result = await proxy.open({
      requestId: request.id,
      method: request.method,
      path: normalizeRequestPath(queryStart === -1 ? request.url : request.url.slice(0, queryStart)),
      search: queryStart === -1 ? '' : request.url.slice(queryStart),
      headers: request.headers,
      body: request.raw,
      identity: requireIdentity(request),
      signal: controller.signal,
      arrivedAt: performance.now(),
    })
    if (result.kind === 'json') {
      if (result.headers) void reply.headers(result.headers)
      return reply.code(result.status).send(result.body)
    }
    // Headers the gateway's hooks set (CORS among them) apply to streamed answers too.
    const headers: OutgoingHttpHeaders = { ...(reply.getHeaders() as OutgoingHttpHeaders), ...result.headers }
    reply.hijack()
    reply.raw.writeHead(result.status, headers)
    await result.pipeTo(reply.raw)
  }

  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const
  app.route({ method: [...methods], url: '/api/*', handler: handle })
  app.route({ method: [...methods], url: '/v1/*', handler: handle })
}
