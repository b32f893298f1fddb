import type { Actor, ChangeBus, IpAllowlist } from '@corral/core'
import { Errors, parseAddress, parseCidr } from '@corral/core'
import { diffChanges } from '../audit/audit-changes.ts'
import type { AuditService } from '../audit/audit-service.ts'
import type { IpAllowlistRepository } from './ip-allowlist-repository.ts'

type Entry = IpAllowlist['entries'][number]

/** Canonical CIDRs (bare addresses become /32 or /128), duplicates merged keeping the first note. */
function canonical(input: IpAllowlist): IpAllowlist {
  const seen = new Map<string, string>()
  for (const entry of input.entries) {
    const cidr = parseCidr(entry.cidr)
    if (!cidr) throw new Errors.invalidCidr(`"${entry.cidr}" is not an IPv4 or IPv6 address or CIDR`)
    if (!seen.has(cidr.text)) seen.set(cidr.text, entry.note ?? '')
  }
  return { enabled: input.enabled, entries: [...seen].map(([cidr, note]) => ({ cidr, note })) }
}

/** The narrowest entry that admits `address`, the one an admin would want named; undefined: none. */
function matchingEntry(entries: readonly Entry[], addressText: string): Entry | undefined {
  const address = parseAddress(addressText)
  if (!address) return undefined
  let best: { entry: Entry; prefixLength: number } | undefined
  for (const entry of entries) {
    const cidr = parseCidr(entry.cidr)
    if (!cidr || cidr.address.kind() !== address.kind()) continue
    if (!address.match(cidr.address, cidr.prefixLength)) continue
    if (!best || cidr.prefixLength > best.prefixLength) best = { entry, prefixLength: cidr.prefixLength }
  }
  return best?.entry
}

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
   * Saves the list. A list that would shut out the admin saving it (from the address this request
   * came from, as resolved behind the trusted proxies) is refused unless they override it knowingly:
   * undoing it would need another address or database access.
   */
  async replace(
    actor: Actor,
    input: IpAllowlist,
    options: { overrideLockout?: boolean } = {},
  ): Promise<IpAllowlist> {
    const allowlist = canonical(input)
    if (
      allowlist.enabled &&
      actor.ip &&
      !matchingEntry(allowlist.entries, actor.ip) &&
      !options.overrideLockout
    ) {
      throw new Errors.allowlistLockout(
        `This list would lock you out: your address ${actor.ip} is not in it. Add it, or save with the override to lock yourself out knowingly`,
      )
    }
    const before = await this.repository.read()
    await this.repository.replace(allowlist)
    await this.changes.publish({ kind: 'ip-allowlist' })
    await this.audit.recordBy(
      actor,
      'ip_allowlist.update',
      { type: 'ip_allowlist', id: 'global' },
      {
        enabled: allowlist.enabled,
        entries: allowlist.entries.length,
        ...(options.overrideLockout ? { override_lockout: true } : {}),
      },
      diffChanges({ ...before }, { ...allowlist }),
    )
    return allowlist
  }

  /** Would `address` be admitted by the saved list, or by a draft, and by which entry? */
  async test(addressText: string, draft?: IpAllowlist) {
    const address = parseAddress(addressText.trim())
    if (!address) throw new Errors.validation(`"${addressText}" is not an IPv4 or IPv6 address`)
    const list = draft ? canonical(draft) : await this.repository.read()
    const canonicalAddress = address.toString()
    const matched = matchingEntry(list.entries, canonicalAddress) ?? null
    return {
      address: canonicalAddress,
      enabled: list.enabled,
      admitted: !list.enabled || matched !== null,
      matched,
    }
  }
}
