import { useGroups } from '../../features/groups/api/get-groups.ts'
import { SettingsPage } from '../../features/settings/components/settings-page.tsx'

export function SettingsRoute() {
  return <SettingsPage groups={useGroups().data ?? []} />
}
