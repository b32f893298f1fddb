import { UsagePanel } from '../../features/usage/components/usage-panel.tsx'
import { PageContainer } from '../shell/page-container.tsx'

export function UsageRoute() {
  return (
    <PageContainer>
      <UsagePanel />
    </PageContainer>
  )
}
