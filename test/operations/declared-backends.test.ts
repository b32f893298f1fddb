import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CorralConfig } from '@corral/core'
import { loadConfig, operatorActor } from '@corral/core'
import { createTestDatabase, type TestDatabase } from '@corral/core/testing'
import { startOllamaSim, type OllamaSim } from '@corral/ollama-sim'
import { buildCorral } from '../../apps/corral/src/build-corral.ts'

/** Backends named in CORRAL_OLLAMA_URLS are declared: each start makes the database match the variable. */
describe('backends declared by CORRAL_OLLAMA_URLS', () => {
  let testDatabase: TestDatabase
  let sims: OllamaSim[]
  const logger = pino({ level: 'silent' })

  beforeAll(async () => {
    testDatabase = await createTestDatabase()
    sims = await Promise.all([1, 2, 3].map(() => startOllamaSim({ loadDelayMs: 1 })))
  })
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.close()))
    await testDatabase.dispose()
  })

  /** Starts Corral on the shared database with these backends in the variable; returns their URLs by source. */
  async function startWith(
    urls: string[],
    work?: (corral: Awaited<ReturnType<typeof buildCorral>>) => Promise<void>,
  ) {
    const config: CorralConfig = {
      ...loadConfig({}),
      ollamaUrls: urls,
      secretKey: randomBytes(32),
      logLevel: 'silent',
    }
    const corral = await buildCorral(config, { database: testDatabase.database, logger })
    try {
      await work?.(corral)
      return corral.proxy.registry
        .list()
        .map((backend) => `${backend.row.source} ${backend.row.url}`)
        .sort()
    } finally {
      await corral.app.close()
      await corral.close()
    }
  }

  it('stops using a backend removed from the variable, and keeps those added by an admin', async () => {
    const [a, b, admin] = sims.map((sim) => sim.url)
    expect(
      await startWith([a!, b!], async (corral) => {
        await corral.proxy.registry.add(operatorActor, { url: admin! })
      }),
    ).toEqual([`admin ${admin}`, `env ${a}`, `env ${b}`].sort())

    // b is gone from the variable: it is not queried, listed or given requests any more.
    expect(await startWith([a!])).toEqual([`admin ${admin}`, `env ${a}`].sort())
    // Run after run with a new address (the demo's simulator) nothing piles up.
    expect(await startWith([b!])).toEqual([`admin ${admin}`, `env ${b}`].sort())
    expect(await startWith([a!])).toEqual([`admin ${admin}`, `env ${a}`].sort())
  })

  it('keeps the slots an admin gave a backend that the variable still names', async () => {
    const [a] = sims.map((sim) => sim.url)
    await startWith([a!], async (corral) => {
      const backend = corral.proxy.registry.list().find((row) => row.row.url === a)!
      await corral.proxy.registry.update(operatorActor, backend.id, { slots: 4 })
    })
    await startWith([a!], async (corral) => {
      expect(corral.proxy.registry.list().find((row) => row.row.url === a)!.row.slots).toBe(4)
    })
  })
})
