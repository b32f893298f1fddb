import type { Db } from '@corral/core'
import { SecretBox } from '@corral/core'
import { SigningKeysRepository } from './signing-keys-repository.ts'

/**
 * How many of the published JWT signing keys in `db` the instance secret opens (none without one). A Corral whose secret
 * opens none of them signs everyone out and makes new keys, which is what an operator moving the
 * database wants to hear about before, not after (corral db copy).
 */
export async function readableSigningKeys(
  db: Db,
  secret: Buffer | undefined,
): Promise<{ published: number; readable: number }> {
  const rows = await new SigningKeysRepository(db).listPublished(new Date())
  if (!secret) return { published: rows.length, readable: 0 }
  const box = new SecretBox(secret)
  let readable = 0
  for (const row of rows) {
    try {
      box.open(row.privateKeyEncrypted)
      readable++
    } catch {
      // sealed with another secret
    }
  }
  return { published: rows.length, readable }
}
