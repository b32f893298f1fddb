import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'
import { uniqueName } from './accounts-helpers.ts'

/** The operator commands answer a mistake with one line on stderr and exit code 1, never a stack trace. */
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url))
const corralBin = path.join(repositoryRoot, 'apps/corral/bin/corral.js')

function corralCli(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CORRAL_')),
  )
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [corralBin, ...args],
      { cwd: repositoryRoot, env: { ...inherited, ...env }, timeout: 90_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr })
      },
    )
  })
}

describe('the operator CLI answers every mistake with one line', { timeout: 180_000 }, () => {
  let corral: TestCorral | undefined
  let dataDir: string
  let env: Record<string, string>

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'corral-cli-'))
    env = { CORRAL_DATA_DIR: dataDir }
    if (process.env.CORRAL_TEST_DB === 'postgres') {
      corral = await startTestCorral()
      env.CORRAL_DATABASE_URL = corral.testDatabase.url!
    }
  })
  afterAll(async () => {
    await corral?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('refuses an unknown role, an unknown user and a malformed date with exit code 1 and a one-line message', async () => {
    const cases: [string[], RegExp][] = [
      [['user', 'create', uniqueName('role'), '--role', 'root'], /--role must be user or admin/],
      [['invite', 'create', '--role', 'root'], /--role must be user or admin/],
      [['user', 'disable', uniqueName('nobody')], /no user/],
      [['key', 'create', uniqueName('nobody')], /no user/],
      [['key', 'create', 'admin', '--expires', 'next tuesday'], /date|expires/i],
    ]
    expect((await corralCli(['user', 'create', 'admin', '--role', 'admin'], env)).code).toBe(0)
    for (const [args, message] of cases) {
      const result = await corralCli(args, env)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stderr, args.join(' ')).toMatch(message)
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
  })
})
