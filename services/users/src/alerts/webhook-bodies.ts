import type { AlertNotification } from './rule-evaluator.ts'

/** A notification on its way to a target; `state: 'test'` for the panel's "send test". */
export interface OutgoingNotice {
  deliveryId: string
  rule: { id: string; name: string; type: string } | null
  state: AlertNotification['state'] | 'test'
  subject: string
  summary: string
  details: Record<string, unknown>
  at: number
}

/** The generic target's JSON body (documented field by field in docs/monitoring.md). */
export function genericBody(notice: OutgoingNotice): string {
  return JSON.stringify({
    delivery_id: notice.deliveryId,
    rule: notice.rule,
    state: notice.state,
    subject: notice.subject,
    summary: notice.summary,
    details: notice.details,
    at: new Date(notice.at).toISOString(),
  })
}

const icons: Record<OutgoingNotice['state'], string> = {
  firing: ':rotating_light:',
  resolved: ':white_check_mark:',
  triggered: ':bell:',
  test: ':wave:',
}

/** Slack's incoming-webhook body (also accepted by Mattermost, Rocket.Chat and Discord's /slack). */
export function slackBody(notice: OutgoingNotice): string {
  const title = notice.rule ? `*${notice.rule.name}* ${notice.state}` : '*Corral test notification*'
  return JSON.stringify({ text: `${icons[notice.state]} ${title}: ${notice.summary}` })
}
