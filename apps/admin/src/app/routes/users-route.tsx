import { useGroups } from '../../features/groups/api/get-groups.ts'
import { UsersPage } from '../../features/users/components/users-page.tsx'
import { paths } from '../paths.ts'

export function UsersRoute() {
  const groups = useGroups()
  const list = groups.data ?? []
  return (
    <UsersPage
      groups={list}
      defaultGroupId={list.find((group) => group.is_default)?.id ?? null}
      userHref={paths.user}
      inviteHref={`${paths.invitations}?create=1`}
    />
  )
}
