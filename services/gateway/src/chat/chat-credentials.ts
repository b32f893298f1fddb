import type { ChangeEvent, Identity } from '@corral/core'
import { Errors } from '@corral/core'
import type { Authenticated, Authenticator } from '../authentication/authenticator.ts'

export interface CredentialEvents {
  /** The credentials were checked again and still hold (the identity may have changed: a new group). */
  renewed(identity: Identity): void
  /** They no longer hold: the session ended, the account was disabled, the token expired. */
  ended(error: unknown): void
}

/**
 * The credentials a chat socket authenticated with, checked again for as long as it is open: when a
 * change event concerns them (the session ended, all the user's sessions ended, the user was disabled
 * or changed, their group changed) and when the access token expires. An HTTP request is checked when
 * it arrives; a socket lives for hours, so it must be checked while it lives, exactly as a new request
 * with the same token would be.
 */
export class ChatCredentials {
  private token: string | undefined
  private current: Authenticated | undefined
  private expiryTimer: ReturnType<typeof setTimeout> | undefined
  private readonly unsubscribe: () => void

  constructor(
    private readonly authenticator: Authenticator,
    private readonly clientIp: string,
    private readonly events: CredentialEvents,
  ) {
    this.unsubscribe = authenticator.onChange((event) => {
      if (this.concerns(event)) void this.recheck()
    })
  }

  /** Authenticates with a (new) access token; only a browser session may drive the chat. */
  async authenticate(token: string): Promise<Authenticated> {
    const result = await this.check(token)
    this.token = token
    this.current = result
    this.scheduleExpiry(result.expiresAt)
    return result
  }

  dispose(): void {
    clearTimeout(this.expiryTimer)
    this.unsubscribe()
  }

  private async check(token: string): Promise<Authenticated> {
    const result = await this.authenticator.authenticate({
      authorization: `Bearer ${token}`,
      apiKeyHeader: undefined,
      method: 'GET',
      path: '/corral/v1/chat',
      ts: undefined,
      clientIp: this.clientIp,
    })
    if (!result) throw new Errors.unauthenticated('Send an access token')
    if (result.sessionId === null)
      throw new Errors.unauthenticated('The chat needs a signed-in browser session, not an API key')
    return result
  }

  private concerns(event: ChangeEvent): boolean {
    const current = this.current
    if (!current) return false
    switch (event.kind) {
      case 'session':
        return event.id === current.sessionId
      case 'sessions':
        return event.userId === current.identity.userId
      case 'user':
        return event.id === current.identity.userId
      case 'group':
        return event.id === current.identity.groupId
      case 'all':
        return true
      default:
        return false
    }
  }

  private async recheck(): Promise<void> {
    const token = this.token
    if (!token) return
    try {
      const result = await this.check(token)
      // A fresh token may have replaced this one while it was being checked: keep the newer state.
      if (token !== this.token) return
      this.current = result
      this.events.renewed(result.identity)
    } catch (error) {
      if (token === this.token) this.events.ended(error)
    }
  }

  private scheduleExpiry(expiresAt: number | null): void {
    clearTimeout(this.expiryTimer)
    if (expiresAt === null) return
    // `exp` has one-second resolution and is inclusive: check just after it.
    this.expiryTimer = setTimeout(() => void this.recheck(), Math.max(0, expiresAt - Date.now()) + 50)
    this.expiryTimer.unref()
  }
}
