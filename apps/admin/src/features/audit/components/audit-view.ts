import type { AdminAuditQuery } from '@corral/contracts'
import { pageOf, param, type StateOf } from '../../../lib/url-state.ts'

/** Families of actions (the part before the dot) that the filter offers; any exact action works too. */
export const actionFamilies = [
  { value: 'user.', label: 'Users' },
  { value: 'group.', label: 'Groups' },
  { value: 'api_key.', label: 'API keys' },
  { value: 'registration_token.', label: 'Invitations' },
  { value: 'ip_allowlist.', label: 'IP allowlist' },
  { value: 'settings.', label: 'Settings' },
  { value: 'backend.', label: 'Backends' },
  { value: 'model.', label: 'Models' },
  { value: 'alert_rule.', label: 'Alert rules' },
  { value: 'alert_target.', label: 'Alert targets' },
]

/** What an entry acted on: the same families, named by their type (`user`, not `user.`). */
export const targetTypes = actionFamilies.map(({ value, label }) => ({ value: value.slice(0, -1), label }))

export const auditView = {
  actor: param.string(),
  action: param.string(),
  type: param.string(),
  target: param.string(),
  user: param.string(),
  from: param.string(),
  to: param.string(),
  page: param.integer(1),
  size: param.integer(50, { max: 500 }),
}
export type AuditView = StateOf<typeof auditView>

const isTimestamp = (text: string) => text !== '' && !Number.isNaN(Date.parse(text))

/** The filters of a view, shared by the page query and the CSV export (which takes no paging). */
export function auditFiltersFrom(view: AuditView): Omit<AdminAuditQuery, 'limit' | 'offset'> {
  return {
    ...(view.actor.trim() ? { actor: view.actor.trim() } : {}),
    ...(view.action.trim() ? { action: view.action.trim() } : {}),
    ...(view.type ? { target_type: view.type } : {}),
    ...(view.target.trim() ? { target_id: view.target.trim() } : {}),
    ...(view.user ? { user_id: view.user } : {}),
    ...(isTimestamp(view.from) ? { from: new Date(view.from).toISOString() } : {}),
    ...(isTimestamp(view.to) ? { to: new Date(view.to).toISOString() } : {}),
  }
}

export const auditQueryFrom = (view: AuditView): AdminAuditQuery => ({
  ...auditFiltersFrom(view),
  ...pageOf(view),
})
