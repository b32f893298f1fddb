import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

export interface OperatorCliTarget {
  /** The CORRAL_* variables the commands run with. */
  env: Record<string, string>
  /** The running Corral beside the commands (PostgreSQL project only). */
  corral: TestCorral | undefined
}

/**
 * Where a test file's operator commands run: on PGlite, a data directory of their own with no server;
 * on PostgreSQL, the database of a running test Corral. Set up before the file's tests, removed after.
 */
export function operatorCliTarget(): OperatorCliTarget {
  const target: OperatorCliTarget = { env: {}, corral: undefined }
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'corral-cli-'))
    target.env.CORRAL_DATA_DIR = dataDir
    if (process.env.CORRAL_TEST_DB === 'postgres') {
      target.corral = await startTestCorral()
      target.env.CORRAL_DATABASE_URL = target.corral.testDatabase.url!
    }
  })
  afterAll(async () => {
    await target.corral?.close()
    await rm(dataDir, { recursive: true, force: true })
  })
  return target
}
