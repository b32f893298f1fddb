import type { Actor, ChangeBus, IpAllowlist } from '@corral/core'
import { CidrSet, Errors, parseCidr } from '@corral/core'
import type { AuditService } from '../audit/audit-service.ts'
import type { IpAllowlistRepository } from './ip-allowlist-repository.ts'

export class IpAllowlistService {
  constructor(
    private readonly repository: IpAllowlistRepository,
    private readonly changes: ChangeBus,
    private readonly audit: AuditService,
  ) {}

  get(): Promise<IpAllowlist> {
    return this.repository.read()
  }

  /**
   * Saves the list. CIDRs are canonicalised and de-duplicated. A list that would shut out the admin
   * saving it (from the address this request came from) is refused: fixing that would need database
   * access.
   */
  async replace(actor: Actor, input: IpAllowlist): Promise<IpAllowlist> {
    const seen = new Map<string, string>()
    for (const entry of input.entries) {
      const cidr = parseCidr(entry.cidr)
      if (!cidr) throw new Errors.invalidCidr(`"${entry.cidr}" is not an IPv4 or IPv6 address or CIDR`)
      if (!seen.has(cidr.text)) seen.set(cidr.text, entry.note ?? '')
    }
    const allowlist: IpAllowlist = {
      enabled: input.enabled,
      entries: [...seen].map(([cidr, note]) => ({ cidr, note })),
    }
    if (
      allowlist.enabled &&
      actor.ip &&
      !new CidrSet(allowlist.entries.map((e) => e.cidr)).contains(actor.ip)
    ) {
      throw new Errors.conflict(`This list would lock you out: your address ${actor.ip} is not in it`)
    }
    await this.repository.replace(allowlist)
    await this.changes.publish({ kind: 'ip-allowlist' })
    await this.audit.recordBy(
      actor,
      'ip_allowlist.update',
      { type: 'ip_allowlist', id: 'global' },
      {
        enabled: allowlist.enabled,
        entries: allowlist.entries.length,
      },
    )
    return allowlist
  }
}
