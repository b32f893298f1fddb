import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

export interface Readiness {
  database(): Promise<void>
  /** Healthy backends out of all configured. */
  backends(): { healthy: number; total: number }
  /** Whether access tokens can be signed, and whether the last key rotation failed. */
  signingKeys(): { canSign: boolean; ok: boolean; detail: string }
}

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) })
const ReadinessReport = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('not ready')], {
    description: 'degraded: everything serves (200), but something needs attention; not ready: 503',
  }),
  database: Check,
  backends: Check,
  signing_keys: Check,
})

/** The database is asked at most once a second, however often `/readyz` is polled (it is public). */
const databaseCheckTtlMs = 1000

/**
 * `/healthz`: the process answers (liveness). `/readyz`: it can do its job, i.e. the database answers,
 * at least one Ollama backend is healthy and access tokens can be signed (readiness, for load
 * balancers). A failed signing-key rotation makes it `degraded` but still 200: the current key signs
 * for a day more, and taking every replica out of rotation for it would be the outage it warns of.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ readiness: Readiness }> = async (
  app,
  { readiness },
) => {
  const config = { access: 'public' as const }
  let databaseCheck: { at: number; result: Promise<{ ok: boolean; detail?: string }> } | undefined
  const checkDatabase = () => {
    if (!databaseCheck || performance.now() - databaseCheck.at > databaseCheckTtlMs) {
      databaseCheck = {
        at: performance.now(),
        result: readiness.database().then(
          () => ({ ok: true }),
          () => ({ ok: false, detail: 'the database does not answer' }),
        ),
      }
    }
    return databaseCheck.result
  }

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
        summary: 'Readiness: database, backends and signing keys',
        response: { 200: ReadinessReport, 503: ReadinessReport },
      },
    },
    async (_request, reply) => {
      const database = await checkDatabase()
      const counts = readiness.backends()
      const backends = {
        ok: counts.healthy > 0,
        // Worded like the 503 that inference requests get meanwhile (CORRAL_ERR_NO_BACKEND).
        detail:
          counts.healthy > 0
            ? `${counts.healthy} of ${counts.total} backends healthy`
            : `the Ollama backends are down: none of the ${counts.total} configured answers`,
      }
      const keys = readiness.signingKeys()
      const ready = database.ok && backends.ok && keys.canSign
      const status = !ready ? 'not ready' : keys.ok ? 'ready' : 'degraded'
      return reply.code(ready ? 200 : 503).send({
        status,
        database,
        backends,
        signing_keys: { ok: keys.ok, detail: keys.detail },
      })
    },
  )
}
