import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
export const webAppDirectories = {
  chat: path.join(repositoryRoot, 'apps/web/dist'),
  admin: path.join(repositoryRoot, 'apps/admin/dist'),
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html')

/**
 * The built web apps, from the same origin as the API: the chat app at `/` and the admin panel at
 * `/admin/`. Unknown paths that a browser asks for get the app's index.html (client-side routing);
 * `GET /` from anything but a browser answers like Ollama does, for tools that probe it.
 */
export async function registerWebApps(app: FastifyInstance): Promise<void> {
  const chatBuilt = existsSync(path.join(webAppDirectories.chat, 'index.html'))
  const adminBuilt = existsSync(path.join(webAppDirectories.admin, 'index.html'))
  const notBuilt = (reply: FastifyReply) =>
    reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The web apps are not built yet: run `npm run build` (npm start does it).')

  if (chatBuilt) {
    await app.register(fastifyStatic, {
      root: webAppDirectories.chat,
      prefix: '/',
      index: false,
      wildcard: false,
      decorateReply: true,
    })
  }
  if (adminBuilt) {
    await app.register(fastifyStatic, {
      root: webAppDirectories.admin,
      prefix: '/admin/',
      index: false,
      wildcard: false,
      decorateReply: false,
    })
  }

  app.route({
    method: ['GET', 'HEAD'],
    url: '/',
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      if (request.method === 'GET' && wantsHtml(request))
        return chatBuilt ? reply.sendFile('index.html', webAppDirectories.chat) : notBuilt(reply)
      return reply.type('text/plain; charset=utf-8').send('Ollama is running')
    },
  })

  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?', 1)[0]!
    if (request.method === 'GET' && wantsHtml(request) && !url.startsWith('/corral/')) {
      const admin = url === '/admin' || url.startsWith('/admin/')
      if (admin) return adminBuilt ? reply.sendFile('index.html', webAppDirectories.admin) : notBuilt(reply)
      return chatBuilt ? reply.sendFile('index.html', webAppDirectories.chat) : notBuilt(reply)
    }
    return reply.code(404).send({
      statusCode: 404,
      code: 'CORRAL_ERR_NOT_FOUND',
      error: 'Not Found',
      message: `No route ${request.method} ${url}`,
    })
  })
}
