import { useBackends } from '../../features/backends/api/backends.ts'
import { useGroups } from '../../features/groups/api/get-groups.ts'

/** Names for the audit targets an entry knows only by id: the backends and groups that exist now. */
export function useTargetNames() {
  const backends = useBackends().data ?? []
  const groups = useGroups().data ?? []
  return (type: string, id: string) =>
    type === 'backend'
      ? backends.find((backend) => backend.id === id)?.name
      : type === 'group'
        ? groups.find((group) => group.id === id)?.name
        : undefined
}
