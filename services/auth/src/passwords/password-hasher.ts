import argon2 from 'argon2'

/**
 * argon2id with the library's defaults (OWASP's recommended parameters for argon2id: 64 MiB, 3
 * passes). Verifying against a dummy hash when the user does not exist keeps unknown-user and
 * wrong-password answers equally slow.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id })
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    this.dummyHash ??= this.hash('corral-dummy-password-for-timing')
    const target = hash ?? (await this.dummyHash)
    try {
      const ok = await argon2.verify(target, password)
      return ok && hash !== undefined
    } catch {
      return false
    }
  }
}
