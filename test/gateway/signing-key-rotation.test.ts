import { Writable } from 'node:stream'
import { sql } from 'drizzle-orm'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAuthMaintenance } from '@corral/auth'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

interface Readiness {
  status: string
  signing_keys: { ok: boolean; detail?: string }
}

/** The hourly rotation of the JWT signing key fails (here: the database refuses the new key). */
describe('a failing signing-key rotation', () => {
  let corral: TestCorral
  const logged: Record<string, unknown>[] = []
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>)
        done()
      },
    }),
  )

  beforeAll(async () => {
    corral = await startTestCorral()
  })
  afterAll(() => corral?.close())

  const db = () => corral.corral.database.db
  const readiness = async () => {
    const response = await fetch(`${corral.url}/readyz`)
    return { status: response.status, body: (await response.json()) as Readiness }
  }

  it('is logged with what failed, shown by /readyz, and cleared by the next successful rotation', async () => {
    expect((await readiness()).body).toMatchObject({ status: 'ready', signing_keys: { ok: true } })
    // The current key retires within the day: a rotation is due. The database refuses the new key.
    await db().execute(sql`update auth.signing_keys set retires_at = now() + interval '1 hour'`)
    await corral.corral.auth.keyRing.reload()
    await db().execute(sql`
      create function auth.refuse_signing_keys() returns trigger language plpgsql
      as $$ begin raise exception 'no space left on device'; end $$`)
    await db().execute(sql`
      create trigger refuse_signing_keys before insert on auth.signing_keys
      for each row execute function auth.refuse_signing_keys()`)

    await runAuthMaintenance(corral.corral.auth, logger)

    const failure = logged.find((line) => line.task === 'signing-key rotation')
    expect(failure).toMatchObject({ level: 50 })
    expect(String(failure!.msg)).toMatch(/rotating the JWT signing key failed/)
    expect(JSON.stringify(failure)).toContain('no space left on device')
    const degraded = await readiness()
    // Still 200: the current key signs for another hour, and sign-in works.
    expect(degraded.status).toBe(200)
    expect(degraded.body.status).toBe('degraded')
    expect(degraded.body.signing_keys.ok).toBe(false)
    expect(degraded.body.signing_keys.detail).toMatch(
      /rotating the signing key failed at .* \(see the logs\)/,
    )
    expect(degraded.body.signing_keys.detail).not.toContain('no space left')

    await db().execute(sql`drop trigger refuse_signing_keys on auth.signing_keys`)
    await runAuthMaintenance(corral.corral.auth, logger)
    expect((await readiness()).body).toMatchObject({ status: 'ready', signing_keys: { ok: true } })
  })
})
