import { Button, Group, Select, TextInput } from '@mantine/core'
import { IconSearch, IconX } from '@tabler/icons-react'
import { GroupFilter } from '../../../components/group-filter.tsx'
import { useDebouncedSearch } from '../../../lib/use-debounced-search.ts'
import type { UsersView } from './users-view.ts'

export interface GroupOption {
  id: string
  name: string
}

/** Search and filters, all applied by the server and kept in the URL. */
export function UsersFilters({
  view,
  onChange,
  groups,
}: {
  view: UsersView
  onChange: (patch: Partial<UsersView>) => void
  groups: GroupOption[]
}) {
  const [search, setSearch] = useDebouncedSearch(view.q, (q) => onChange({ q }))
  const filtered = view.q || view.role !== 'any' || view.group || view.status !== 'any'
  return (
    <Group gap="sm" align="flex-end">
      <TextInput
        label="Search"
        placeholder="Part of a username"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        w={240}
      />
      <Select
        label="Role"
        data={[
          { value: 'any', label: 'Any role' },
          { value: 'user', label: 'Users' },
          { value: 'admin', label: 'Admins' },
        ]}
        value={view.role}
        onChange={(role) => onChange({ role: role ?? 'any' })}
        allowDeselect={false}
        w={140}
      />
      <GroupFilter groups={groups} value={view.group} onChange={(group) => onChange({ group })} />
      <Select
        label="Status"
        data={[
          { value: 'any', label: 'Any status' },
          { value: 'active', label: 'Active' },
          { value: 'disabled', label: 'Disabled' },
        ]}
        value={view.status}
        onChange={(status) => onChange({ status: status ?? 'any' })}
        allowDeselect={false}
        w={140}
      />
      {filtered && (
        <Button
          variant="subtle"
          leftSection={<IconX size={14} />}
          onClick={() => onChange({ q: '', role: 'any', group: '', status: 'any' })}
        >
          Clear filters
        </Button>
      )}
    </Group>
  )
}
