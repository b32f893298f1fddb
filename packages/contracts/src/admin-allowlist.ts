import { Type, type Static } from 'typebox'
import { IpAllowlist } from './admin.ts'

/** `GET /admin/ip-allowlist`: the list, and the caller's own address as the server sees it. */
export const AdminIpAllowlist = Type.Object({
  ...IpAllowlist.properties,
  your_address: Type.String({
    description: 'Your address as resolved by the server (behind CORRAL_TRUSTED_PROXIES: the forwarded one)',
  }),
})
export type AdminIpAllowlist = Static<typeof AdminIpAllowlist>

/**
 * `PUT /admin/ip-allowlist`. A list that is enabled and does not admit `your_address` is refused with
 * 409 `CORRAL_ERR_ALLOWLIST_LOCKOUT` unless `override_lockout` is true.
 */
export const SaveIpAllowlistRequest = Type.Object({
  ...IpAllowlist.properties,
  override_lockout: Type.Optional(
    Type.Boolean({ description: 'Save even though your own address would be refused from now on' }),
  ),
})
export type SaveIpAllowlistRequest = Static<typeof SaveIpAllowlistRequest>

/** `POST /admin/ip-allowlist/test`: against the saved list, or against a draft given here. */
export const TestAddressRequest = Type.Object({
  address: Type.String({ minLength: 1, maxLength: 64, description: 'An IPv4 or IPv6 address' }),
  enabled: Type.Optional(Type.Boolean({ description: 'With `entries`: the draft’s switch (default true)' })),
  entries: Type.Optional(IpAllowlist.properties.entries),
})
export type TestAddressRequest = Static<typeof TestAddressRequest>

export const TestAddressResult = Type.Object({
  address: Type.String({ description: 'Canonical form (IPv4-mapped IPv6 becomes IPv4)' }),
  admitted: Type.Boolean(),
  enabled: Type.Boolean({ description: 'false: the list is off and admits everyone' }),
  matched: Type.Union([Type.Object({ cidr: Type.String(), note: Type.String() }), Type.Null()], {
    description: 'The first entry that admits the address (the narrowest when several do)',
  }),
  is_your_address: Type.Boolean(),
})
export type TestAddressResult = Static<typeof TestAddressResult>
