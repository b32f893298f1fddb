import { useFleetModels } from '../../features/backends/api/get-models.ts'
import { GroupsPage } from '../../features/groups/components/groups-page.tsx'

export function GroupsRoute() {
  const models = useFleetModels()
  return <GroupsPage modelNames={(models.data ?? []).map((model) => model.name)} />
}
