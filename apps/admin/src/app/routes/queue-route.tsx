import { useGroups } from '../../features/groups/api/get-groups.ts'
import { QueuePage } from '../../features/queue/components/queue-page.tsx'

export function QueueRoute() {
  const groups = useGroups().data ?? []
  return <QueuePage groupName={(id) => groups.find((group) => group.id === id)?.name} />
}
