import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { CorralError } from '@corral/contracts'

/**
 * The OpenAPI document, generated from the route schemas. The proxied Ollama and OpenAI APIs are
 * documented by Ollama itself, so their catch-all routes are left out.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(CorralError)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Corral',
        version,
        description:
          'A gateway that lets many people and programs share Ollama servers. `/api/*` (Ollama) and `/v1/*` ' +
          '(OpenAI-compatible) are proxied unchanged with `Authorization: Bearer <API key>`; see the README.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (corral_sk_…) or a session access token',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    hideUntagged: false,
    transform: ({ schema, url }) => ({
      schema: {
        ...schema,
        hide: schema?.hide || url.startsWith('/api/') || url.startsWith('/v1/') || url.startsWith('/admin/'),
      },
      url,
    }),
  })
  app.get('/corral/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  )
}
