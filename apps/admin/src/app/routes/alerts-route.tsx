import { AlertsPage } from '../../features/alerts/components/alerts-page.tsx'

export function AlertsRoute() {
  return <AlertsPage />
}
