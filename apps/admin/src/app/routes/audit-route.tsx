import { useSearchParams } from 'react-router'
import { AuditPage } from '../../features/audit/components/audit-page.tsx'
import { useUser } from '../../features/users/api/get-user.ts'
import { paths } from '../paths.ts'
import { useTargetNames } from './use-target-names.ts'

export function AuditRoute() {
  const [params] = useSearchParams()
  const user = useUser(params.get('user'))
  const targetName = useTargetNames()
  return (
    <AuditPage
      userHref={paths.user}
      targetName={targetName}
      userLabel={(id) => (user.data?.id === id ? user.data.username : 'one user')}
    />
  )
}
