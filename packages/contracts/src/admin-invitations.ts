import { Type, type Static } from 'typebox'
import { ListTotal, Paging, Timestamp, Uuid } from './common.ts'
import { RegistrationToken } from './auth.ts'

export const InvitationStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('expired'),
  Type.Literal('used_up'),
  Type.Literal('revoked'),
])
export type InvitationStatus = Static<typeof InvitationStatus>

export const Redemption = Type.Object({
  user_id: Uuid,
  username: Type.String({ description: 'As registered (the user may have been renamed or deleted since)' }),
  at: Timestamp,
})
export type Redemption = Static<typeof Redemption>

/** A registration (invite) token in the admin list: never the secret itself. */
export const AdminRegistrationToken = Type.Object({
  ...RegistrationToken.properties,
  status: InvitationStatus,
  created_by: Type.Union([Uuid, Type.Null()]),
  created_by_username: Type.Union([Type.String(), Type.Null()], {
    description: 'null for tokens made by the operator CLI or at first start',
  }),
  redemptions: Type.Array(Redemption, { description: 'Who registered with it and when, oldest first' }),
})
export type AdminRegistrationToken = Static<typeof AdminRegistrationToken>

export const ListRegistrationTokensQuery = Type.Object({
  ...Paging.properties,
  status: Type.Optional(InvitationStatus),
})
export type ListRegistrationTokensQuery = Static<typeof ListRegistrationTokensQuery>

export const AdminRegistrationTokenList = Type.Object({
  tokens: Type.Array(AdminRegistrationToken),
  ...ListTotal.properties,
})
export type AdminRegistrationTokenList = Static<typeof AdminRegistrationTokenList>
