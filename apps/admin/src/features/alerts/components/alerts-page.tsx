import { Divider, Stack } from '@mantine/core'
import { PageHeader } from '../../../components/page-header.tsx'
import { useAlertTargets } from '../api/alert-targets.ts'
import { DeliveriesSection } from './deliveries-section.tsx'
import { RulesSection } from './rules-section.tsx'
import { TargetsSection } from './targets-section.tsx'

/** Alert rules, the webhooks they send to, and the log of every delivery attempt. */
export function AlertsPage() {
  const targets = useAlertTargets()
  const list = targets.data?.targets ?? []
  return (
    <Stack gap="lg">
      <PageHeader
        title="Alerts"
        description="Rules watch the event stream and notify webhooks when something starts or stops going wrong."
      />
      <RulesSection targets={list} />
      <Divider />
      <TargetsSection targets={list} loading={targets.isPending} error={targets.error} />
      <Divider />
      <DeliveriesSection />
    </Stack>
  )
}
