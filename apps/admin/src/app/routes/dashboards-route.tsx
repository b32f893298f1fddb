import { DashboardsPage } from '../../features/dashboards/components/dashboards-page.tsx'
import { requestLogSearch } from '../../lib/stats-range.ts'
import { paths } from '../paths.ts'

export function DashboardsRoute() {
  return <DashboardsPage logHref={(filter) => `${paths.requests}${requestLogSearch(filter)}`} />
}
