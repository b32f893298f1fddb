import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The 32-byte secret that encrypts signing keys at rest: CORRAL_SECRET_KEY when set (replicas must
 * share one), otherwise `<dataDir>/secret.key`, created on first start with mode 0600.
 */
export async function loadInstanceSecret(configured: Buffer | undefined, dataDir: string): Promise<Buffer> {
  if (configured) return configured
  const file = path.join(dataDir, 'secret.key')
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')
    if (key.length === 32) return key
    throw new Error(
      `${file} does not hold 32 bytes of base64; fix or remove it (signing keys will be replaced)`,
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = randomBytes(32)
  await mkdir(dataDir, { recursive: true })
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadInstanceSecret(undefined, dataDir)
    throw error
  }
  return key
}
