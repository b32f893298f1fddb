import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { residentMib } from '../proxy/raw-http.ts'
import { startCorralProcess } from './corral-process.ts'

/**
 * The default install's memory (issue: 925 MB resident after the first start, 475 MB after later
 * ones). docs/performance.md records the figures (270–300 MB); the bound here is looser so that a
 * loaded CI machine does not fail it, and still far below what it was.
 */
const boundMib = 400
const settleMs = 15_000

describe.runIf(process.env.CORRAL_TEST_DB !== 'postgres')('the memory of an idle embedded Corral', () => {
  let dataDir: string | undefined
  afterAll(async () => {
    if (dataDir) await rm(path.dirname(dataDir), { recursive: true, force: true })
  })

  it(
    `stays under ${boundMib} MiB resident after the first start and after a restart`,
    { timeout: 240_000 },
    async () => {
      dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'corral-idle-')), 'data')
      const env = {
        CORRAL_DATA_DIR: dataDir,
        CORRAL_OLLAMA_URLS: 'http://127.0.0.1:9',
        CORRAL_SECRET_KEY: randomBytes(32).toString('base64'),
      }
      const figures: number[] = []
      for (const start of ['first start', 'restart']) {
        const corral = await startCorralProcess(env)
        try {
          await sleep(settleMs)
          const rss = residentMib(corral.child.pid!)
          console.info(
            `[idle memory] ${start}: ${rss.toFixed(0)} MiB resident ${settleMs / 1000} s after listening`,
          )
          figures.push(rss)
        } finally {
          await corral.stop()
        }
      }
      for (const rss of figures) expect(rss).toBeLessThan(boundMib)
    },
  )
})
