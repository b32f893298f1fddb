import { BackendsPage } from '../../features/backends/components/backends-page.tsx'

export function BackendsRoute() {
  return <BackendsPage />
}
