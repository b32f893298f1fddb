import type { Logger } from 'pino'
import type { ChangeBus, UsersClient } from '@corral/core'
import { CidrSet } from '@corral/core'

/**
 * The global IP allowlist, held in memory and reloaded when an admin saves it (change bus), so the
 * check on every request is a CIDR match and nothing more.
 */
export class IpAllowlistGuard {
  private allowed: CidrSet | null = null

  constructor(
    private readonly users: UsersClient,
    private readonly logger: Logger,
  ) {}

  async start(changes: ChangeBus): Promise<() => Promise<void>> {
    await this.reload()
    // Returning the reload makes the admin's PUT answer only once the new list is enforced here.
    return changes.subscribe((event) =>
      event.kind === 'ip-allowlist' || event.kind === 'all'
        ? this.reload().catch((error: unknown) =>
            this.logger.error({ err: error }, 'reloading the IP allowlist failed'),
          )
        : undefined,
    )
  }

  async reload(): Promise<void> {
    const allowlist = await this.users.getIpAllowlist()
    this.allowed = allowlist.enabled ? new CidrSet(allowlist.entries.map((entry) => entry.cidr)) : null
  }

  allows(address: string): boolean {
    return this.allowed === null || this.allowed.contains(address)
  }
}
