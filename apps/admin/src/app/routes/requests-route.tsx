import { useSearchParams } from 'react-router'
import { useBackends } from '../../features/backends/api/backends.ts'
import { useGroups } from '../../features/groups/api/get-groups.ts'
import { RequestsPage } from '../../features/requests/components/requests-page.tsx'
import { useUser } from '../../features/users/api/get-user.ts'
import { paths } from '../paths.ts'

export function RequestsRoute() {
  const [params] = useSearchParams()
  const groups = useGroups()
  const backends = useBackends()
  const user = useUser(params.get('user'))
  return (
    <RequestsPage
      groups={groups.data ?? []}
      backends={backends.data ?? []}
      userHref={paths.user}
      userLabel={(id) => (user.data?.id === id ? user.data.username : `${id.slice(0, 8)}…`)}
    />
  )
}
