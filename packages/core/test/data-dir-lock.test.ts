import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lockDataDir, tryLockDataDir } from '../src/index.ts'

const lockModule = fileURLToPath(new URL('../src/database/data-dir-lock.ts', import.meta.url))

/** A separate process that takes the lock, says so, and then waits to be killed. */
async function holdLockInChild(dataDir: string) {
  const script = `import { lockDataDir } from ${JSON.stringify(lockModule)}
lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [data] = (await once(child.stdout, 'data')) as [Buffer]
  expect(data.toString()).toContain('locked')
  return child
}

describe('the data directory lock', () => {
  let dataDir: string
  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'corral-lock-')), 'data')
  })
  afterEach(() => rmSync(path.dirname(dataDir), { recursive: true, force: true }))

  it('creates the directory and lets only one holder in, even within one process', () => {
    const first = lockDataDir(dataDir)
    expect(tryLockDataDir(dataDir)).toEqual({ heldBy: process.pid })
    expect(() => lockDataDir(dataDir)).toThrow(
      `CORRAL_DATA_DIR: ${dataDir} is in use by another Corral process (pid ${process.pid})`,
    )
    first.release()
    const second = lockDataDir(dataDir)
    second.release()
  })

  it('is refused while another process holds it, and free as soon as that process is killed with -9', async () => {
    const child = await holdLockInChild(dataDir)
    try {
      expect(tryLockDataDir(dataDir)).toEqual({ heldBy: child.pid })
    } finally {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
    const lock = lockDataDir(dataDir)
    lock.release()
  })

  it('names CORRAL_DATA_DIR when the directory cannot be created', () => {
    const blocked = path.join(path.dirname(dataDir), 'a-file')
    lockDataDir(blocked).release()
    expect(() => lockDataDir(path.join(blocked, 'corral.lock', 'data'))).toThrow(
      /^CORRAL_DATA_DIR: .* is not a directory\. Set CORRAL_DATA_DIR to a directory/,
    )
  })
})
