import { access, chmod, copyFile, readFile } from 'node:fs/promises'
import path from 'node:path'
import { loadInstanceSecret, readableSigningKeys } from '@corral/auth'
import type { CorralConfig, Db } from '@corral/core'
import { StartupError } from '@corral/core'

/**
 * The instance secret the source Corral runs with, as this command sees it: CORRAL_SECRET_KEY, or
 * `<data dir>/secret.key` (read, never created: a copy must not invent a secret). The JWT signing
 * keys travel encrypted with it, so the target Corral needs this same secret.
 */
export interface CopySecret {
  secret: Buffer | undefined
  /** `CORRAL_SECRET_KEY`, or the key file's path. */
  origin: string
  file: string | undefined
  /** Published signing keys in the source that it opens (set by the check). */
  signingKeys: number
}

export async function findCopySecret(config: CorralConfig): Promise<CopySecret> {
  if (config.secretKey)
    return { secret: config.secretKey, origin: 'CORRAL_SECRET_KEY', file: undefined, signingKeys: 0 }
  const file = path.join(config.dataDir, 'secret.key')
  const exists = await access(file).then(
    () => true,
    () => false,
  )
  return {
    secret: exists ? await loadInstanceSecret(undefined, config.dataDir) : undefined,
    origin: file,
    file: exists ? file : undefined,
    signingKeys: 0,
  }
}

/**
 * Refuses a copy whose signing keys no Corral could open with this secret: started on the target it
 * would sign everyone out. Keys that already did not open in the source (an earlier lost secret)
 * do not count, as long as one does.
 */
export async function checkCopySecret(from: Db, copySecret: CopySecret): Promise<void> {
  const { published, readable } = await readableSigningKeys(from, copySecret.secret)
  copySecret.signingKeys = readable
  if (published === 0 || readable > 0) return
  if (!copySecret.secret)
    throw new StartupError(
      'CORRAL_SECRET_KEY',
      `it is unset and ${copySecret.origin} does not exist, so the ${published} JWT signing key(s) in the source cannot be opened`,
      'Set CORRAL_SECRET_KEY to the secret the source Corral runs with, or CORRAL_DATA_DIR to its data directory',
    )
  throw new StartupError(
    'CORRAL_SECRET_KEY',
    `${copySecret.origin === 'CORRAL_SECRET_KEY' ? 'it' : `the secret in ${copySecret.origin}`} does not open the ${published} JWT signing key(s) in the source`,
    'Run the copy with the secret the source Corral runs with (its CORRAL_SECRET_KEY or secret.key): the Corral on the target must use that same secret',
  )
}

/**
 * A target directory gets the source's key file, so a Corral started there needs nothing else; one
 * that holds a different key is refused before anything is copied, unless it is to be replaced.
 */
export async function checkTargetKeyFile(
  dataDir: string,
  copySecret: CopySecret,
  replace: boolean,
): Promise<void> {
  if (!copySecret.file || replace) return
  const existing = await readFile(path.join(dataDir, 'secret.key'), 'utf8').catch(() => undefined)
  if (existing !== undefined && existing.trim() !== (await readFile(copySecret.file, 'utf8')).trim())
    throw new StartupError(
      '--to',
      `${path.join(dataDir, 'secret.key')} holds another instance secret, which would not open the copied signing keys`,
      "Give another directory, or add --force to replace the directory's data and key file",
    )
}

export async function copyKeyFile(dataDir: string, copySecret: CopySecret): Promise<string | undefined> {
  if (!copySecret.file) return undefined
  const target = path.join(dataDir, 'secret.key')
  await copyFile(copySecret.file, target)
  await chmod(target, 0o600)
  return target
}
