import type { Actor, Role, UsersClient } from '@corral/core'
import { Errors } from '@corral/core'
import { generatePassword } from '../passwords/generate-password.ts'
import type { SessionsService } from '../sessions/sessions-service.ts'
import type { AccountRemovalRepository } from './account-removal-repository.ts'
import type { AccountsService } from './accounts-service.ts'

/**
 * What the admin panel does to accounts that involves credentials: creating one with a generated
 * password, resetting it, listing and ending sessions, deleting the account. Generated passwords are
 * returned once and only ever stored as argon2id hashes.
 */
export class AccountAdminService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly removal: AccountRemovalRepository,
    private readonly users: UsersClient,
  ) {}

  async createUser(actor: Actor, input: { username: string; password?: string; role: Role; group?: string }) {
    const generated = input.password === undefined ? generatePassword() : undefined
    const user = await this.accounts.createUser(actor, { ...input, password: input.password ?? generated! })
    return { user, generatedPassword: generated }
  }

  /** Sets the password given, or a generated one (returned); every session of the user ends. */
  async resetPassword(actor: Actor, userId: string, password?: string): Promise<string | undefined> {
    const generated = password === undefined ? generatePassword() : undefined
    await this.accounts.resetPassword(actor, userId, password ?? generated!)
    return generated
  }

  async listSessions(userId: string) {
    await this.requireUser(userId)
    return this.sessions.listForUser(userId)
  }

  /** Signs the user out everywhere: every session ends, access tokens stop working within a moment. */
  async endSessions(actor: Actor, userId: string): Promise<void> {
    const user = await this.requireUser(userId)
    const live = await this.sessions.listForUser(userId)
    await this.sessions.endAllForUser(userId)
    await this.users.audit(
      auditEntry(actor, 'user.sessions_end', userId, { username: user.username, sessions: live.length }),
    )
  }

  async endSession(actor: Actor, userId: string, sessionId: string): Promise<void> {
    const user = await this.requireUser(userId)
    await this.sessions.endOne(userId, sessionId)
    await this.users.audit(
      auditEntry(actor, 'user.session_end', userId, { username: user.username, session_id: sessionId }),
    )
  }

  /**
   * The users service deletes the account (refusing yourself and the last enabled admin, and writing
   * the audit record); then its password and sessions go. Were this second step to fail, the orphaned
   * password could not be used: sign-in finds no user.
   */
  async deleteUser(actor: Actor, userId: string): Promise<void> {
    await this.users.removeUser(actor, userId)
    await this.removal.deleteCredentials(userId)
    await this.sessions.forgetUser(userId)
  }

  private async requireUser(userId: string) {
    const user = await this.users.findUser(userId)
    if (!user) throw new Errors.notFound('No user with that id')
    return user
  }
}

function auditEntry(actor: Actor, action: string, userId: string, details: Record<string, unknown>) {
  return {
    actorUserId: actor.userId,
    actorUsername: actor.username,
    action,
    targetType: 'user',
    targetId: userId,
    details,
    ip: actor.ip,
  }
}
