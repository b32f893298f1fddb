import { useFleetModels } from '../../features/backends/api/get-models.ts'
import { KeysPage } from '../../features/api-keys/components/keys-page.tsx'
import { useGroups } from '../../features/groups/api/get-groups.ts'
import { UserSelect } from '../../features/users/components/user-select.tsx'
import { paths } from '../paths.ts'

export function KeysRoute() {
  const groups = useGroups()
  const models = useFleetModels()
  return (
    <KeysPage
      groups={groups.data ?? []}
      modelNames={(models.data ?? []).map((model) => model.name)}
      userHref={paths.user}
      userPicker={({ label = 'Owner', ...props }) => (
        <UserSelect label={label} placeholder="Anyone" {...props} />
      )}
    />
  )
}
