import type { Actor, EventBus, LoginSubject, Role, UsersClient } from '@corral/core'
import { addressGroup, Errors, RateLimiter, withRetryAfter } from '@corral/core'
import type { PasswordHasher } from '../passwords/password-hasher.ts'
import { assertStrongPassword } from '../passwords/password-policy.ts'
import { StrengthCheckPacer } from '../passwords/strength-check-pacer.ts'
import type { RegistrationTokensService } from '../registration/registration-tokens-service.ts'
import type { ClientInfo, IssuedSession, SessionsService } from '../sessions/sessions-service.ts'
import type { LoginThrottle } from '../throttle/login-throttle.ts'
import type { CredentialsRepository } from './credentials-repository.ts'

/** Registration attempts per client address (IPv6 by /64): a classroom behind one address still fits. */
const registrationsPerAddress = { limit: 30, windowMs: 15 * 60_000 }
/** Password strength checks per second in the whole process (each one occupies the event loop). */
const strengthChecksPerSecond = 10
/** Checks allowed to wait for a later second before registrations are refused with 503. */
const strengthChecksWaiting = 50

/** Accounts with passwords: sign-in, registration with an invitation, password changes. */
export class AccountsService {
  private readonly registrationAttempts = new RateLimiter(registrationsPerAddress)
  private readonly strengthChecks = new StrengthCheckPacer(strengthChecksPerSecond, strengthChecksWaiting)

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly hasher: PasswordHasher,
    private readonly users: UsersClient,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly invitations: RegistrationTokensService,
    private readonly events: EventBus,
  ) {}

  /**
   * Unknown user, disabled user and wrong password get the same answer after the same work (an
   * argon2 verification), so sign-in reveals nothing about which accounts exist.
   */
  async login(
    username: string,
    password: string,
    client: ClientInfo,
  ): Promise<IssuedSession & { subject: LoginSubject }> {
    const attempt = await this.throttle.begin(username, client.ip)
    const subject = await this.users.findLoginSubject(username)
    const hash = subject ? await this.credentials.find(subject.id) : undefined
    const valid = await this.hasher.verify(hash, password)
    if (!subject || !valid || subject.disabled) {
      await this.users.audit({
        actorUserId: subject?.id ?? null,
        actorUsername: username.slice(0, 64),
        action: 'auth.login_failed',
        ip: client.ip,
      })
      throw new Errors.invalidCredentials()
    }
    await this.throttle.succeeded(attempt)
    const session = await this.sessions.start(subject.id, client)
    await this.users.audit({
      actorUserId: subject.id,
      actorUsername: subject.username,
      action: 'auth.login',
      ip: client.ip,
    })
    return { ...session, subject }
  }

  /**
   * Registration spends one use of the token atomically. It is the one route a stranger can make work
   * on, so the cheap checks come first and the costly ones last: registration open, the address's
   * attempt count, the token, the group, the username; only someone holding a usable invitation gets
   * the password scored (zxcvbn, on the event loop, under a process-wide budget) and hashed (argon2,
   * in a bounded queue). A failure after the token was spent gives the use back and removes the
   * half-made user: nothing is left half-written.
   */
  async register(
    input: { username: string; password: string; token: string },
    client: ClientInfo,
  ): Promise<LoginSubject & { groupId: string }> {
    if (!(await this.users.getSettings()).registrationEnabled)
      throw new Errors.forbidden('Registration is closed on this server')
    const wait = this.registrationAttempts.take(addressGroup(client.ip ?? 'unknown'))
    if (wait !== undefined)
      throw withRetryAfter(
        new Errors.tooManyRequests('Too many registration attempts; try again later'),
        wait,
      )
    const usable = await this.invitations.assertUsable(input.token)
    // An admin may have deleted the invitation's group since; say so instead of "No group <uuid>" (404).
    if (usable.groupId && !(await this.users.resolveGroupId(usable.groupId))) {
      throw new Errors.conflict(
        'The group this invitation was for no longer exists; ask for a new invitation',
      )
    }
    if (await this.users.findLoginSubject(input.username))
      throw new Errors.conflict(`The username "${input.username}" is taken`)
    await this.strengthChecks.turn()
    assertStrongPassword(input.password, input.username)
    const hash = await this.hasher.hash(input.password)
    const invitation = await this.invitations.consume(input.token)
    if (!invitation) throw new Errors.invalidToken('This registration token has just been used up')
    let user: (LoginSubject & { groupId: string }) | undefined
    try {
      user = await this.users.createUser({
        username: input.username,
        role: invitation.role,
        groupId: invitation.groupId,
      })
      await this.credentials.upsert(user.id, hash)
      await this.invitations.recordRedemption(invitation.id, user)
    } catch (error) {
      if (user) await this.users.deleteUser(user.id)
      await this.invitations.refund(invitation.id)
      throw error
    }
    await this.users.audit({
      actorUserId: user.id,
      actorUsername: user.username,
      action: 'auth.register',
      targetType: 'registration_token',
      targetId: invitation.id,
      ip: client.ip,
    })
    this.registered(user)
    return user
  }

  /** An admin creates an account directly, with a password. */
  async createUser(
    actor: Actor | null,
    input: { username: string; password: string; role: Role; group?: string },
  ) {
    assertStrongPassword(input.password, input.username)
    const hash = await this.hasher.hash(input.password)
    const user = await this.users.createUser({
      username: input.username,
      role: input.role,
      groupId: input.group ?? null,
    })
    try {
      await this.credentials.upsert(user.id, hash)
    } catch (error) {
      await this.users.deleteUser(user.id)
      throw error
    }
    await this.users.audit({
      actorUserId: actor?.userId ?? null,
      actorUsername: actor?.username ?? 'system',
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username, role: user.role },
      after: { username: user.username, role: user.role, group_id: user.groupId },
      ip: actor?.ip ?? null,
    })
    this.registered(user)
    return user
  }

  /** Every new account, registered or created by an admin (alert rules "a new user registered"). */
  private registered(user: LoginSubject & { groupId: string }): void {
    this.events.publish({
      type: 'user.registered',
      user_id: user.id,
      username: user.username,
      group_id: user.groupId,
    })
  }

  /** Changing one's own password ends every other session of the account. */
  async changePassword(actor: Actor, sessionId: string | null, current: string, next: string): Promise<void> {
    const userId = actor.userId
    if (!userId) throw new Errors.forbidden('Only a signed-in user can change their password')
    const hash = await this.credentials.find(userId)
    if (!(await this.hasher.verify(hash, current)))
      throw new Errors.invalidCredentials('The current password is wrong')
    assertStrongPassword(next, actor.username)
    await this.credentials.upsert(userId, await this.hasher.hash(next))
    await this.sessions.endAllForUser(userId, sessionId ?? undefined)
    await this.users.audit({
      actorUserId: userId,
      actorUsername: actor.username,
      action: 'auth.password_change',
      ip: actor.ip,
    })
  }

  /** An admin sets a new password for an active user; every session of that user ends. */
  async resetPassword(actor: Actor, userId: string, password: string): Promise<void> {
    const subject = await this.users.resolveUser(userId)
    if (!subject) throw new Errors.notFound('No active user with that id')
    assertStrongPassword(password, subject.username)
    await this.credentials.upsert(userId, await this.hasher.hash(password))
    await this.sessions.endAllForUser(userId)
    await this.users.audit({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      ip: actor.ip,
    })
  }
}
