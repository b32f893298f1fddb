import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

export interface Readiness {
  database(): Promise<void>
  /** Healthy backends out of all configured. */
  backends(): { healthy: number; total: number }
}

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) })

/**
 * `/healthz`: the process answers (liveness). `/readyz`: it can do its job, i.e. the database answers
 * and at least one Ollama backend is healthy (readiness, for load balancers).
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ readiness: Readiness }> = async (
  app,
  { readiness },
) => {
  const config = { access: 'public' as const }
  app.get(
    '/healthz',
    {
      config,
      schema: {
        tags: ['operations'],
        summary: 'Liveness',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({
      status: 'ok' as const,
    }),
  )

  app.get(
    '/readyz',
    {
      config,
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database and backends',
        response: {
          200: Type.Object({ status: Type.String(), database: Check, backends: Check }),
          503: Type.Object({ status: Type.String(), database: Check, backends: Check }),
        },
      },
    },
    async (_request, reply) => {
      const database = await readiness.database().then(
        () => ({ ok: true }),
        () => ({ ok: false, detail: 'the database does not answer' }),
      )
      const counts = readiness.backends()
      const backends = {
        ok: counts.healthy > 0,
        // Worded like the 503 that inference requests get meanwhile (CORRAL_ERR_NO_BACKEND).
        detail:
          counts.healthy > 0
            ? `${counts.healthy} of ${counts.total} backends healthy`
            : `the Ollama backends are down: none of the ${counts.total} configured answers`,
      }
      const ready = database.ok && backends.ok
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, backends })
    },
  )
}
