import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'

/** The proxied Ollama and OpenAI APIs: authenticated by bearer keys only, never by cookies. */
const isKeyApi = (url: string) => url.startsWith('/api/') || url.startsWith('/v1/')

/**
 * Browser apps on other origins may call the Ollama and OpenAI APIs (ollama-js and the openai SDK run
 * in browsers): a page there has to hold a key itself, and `*` never lets a browser attach cookies.
 * Corral's own routes (sign-in, accounts, admin), health, metrics and the web apps are same-origin
 * only: no other site's page may read their answers.
 */
export async function registerCorsPolicy(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    delegator: (request, callback) =>
      callback(
        null,
        isKeyApi(request.url ?? '')
          ? { origin: '*', methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], maxAge: 600 }
          : { origin: false },
      ),
  })
}
