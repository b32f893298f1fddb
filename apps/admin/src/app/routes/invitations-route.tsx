import { useGroups } from '../../features/groups/api/get-groups.ts'
import { InvitationsPage } from '../../features/invitations/components/invitations-page.tsx'

export function InvitationsRoute() {
  const groups = useGroups().data ?? []
  return (
    <InvitationsPage groups={groups} defaultGroupId={groups.find((group) => group.is_default)?.id ?? null} />
  )
}
