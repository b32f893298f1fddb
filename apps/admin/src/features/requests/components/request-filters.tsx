import { Autocomplete, Badge, Button, CloseButton, Group, Select, TextInput } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import { requestLogEndpoints } from '@corral/contracts'
import { GroupFilter } from '../../../components/group-filter.tsx'
import { TimeRangeFilter, type TimeRangePreset } from '../../../components/time-range-filter.tsx'
import { useDebouncedSearch } from '../../../lib/use-debounced-search.ts'
import { isFiltered, noFilters, type RequestsView } from './requests-view.ts'

const statuses = ['2xx', '4xx', '5xx', '429', '499', '502', '503', '504']
const presets: TimeRangePreset[] = [
  { label: 'Last hour', hours: 1 },
  { label: '24 hours', hours: 24 },
  { label: '7 days', hours: 24 * 7 },
]

/** The filters of the log, each one a URL parameter; user and key arrive by link or from a row. */
export function RequestFilters({
  view,
  setView,
  groups,
  backends,
  userLabel,
}: {
  view: RequestsView
  setView: (patch: Partial<RequestsView>, options?: { replace?: boolean }) => void
  groups: { id: string; name: string }[]
  backends: { id: string; name: string }[]
  userLabel: (id: string) => string
}) {
  const [model, setModel] = useDebouncedSearch(view.model, (value) => setView({ model: value }))
  return (
    <Group gap="sm" align="flex-end">
      {view.user && (
        <Badge
          size="lg"
          variant="light"
          rightSection={<CloseButton size="xs" aria-label="Any user" onClick={() => setView({ user: '' })} />}
        >
          User: {userLabel(view.user)}
        </Badge>
      )}
      {view.key && (
        <Badge
          size="lg"
          variant="light"
          rightSection={<CloseButton size="xs" aria-label="Any key" onClick={() => setView({ key: '' })} />}
        >
          Key: {view.key.slice(0, 8)}…
        </Badge>
      )}
      <GroupFilter groups={groups} value={view.group} onChange={(group) => setView({ group })} />
      <TextInput
        label="Model"
        placeholder="e.g. llama3.2"
        value={model}
        onChange={(event) => setModel(event.currentTarget.value)}
        w={160}
      />
      <Select
        label="Backend"
        data={[
          { value: '', label: 'Any backend' },
          ...backends.map((backend) => ({ value: backend.id, label: backend.name })),
        ]}
        value={view.backend}
        onChange={(backend) => setView({ backend: backend ?? '' })}
        allowDeselect={false}
        w={160}
      />
      <Select
        label="Endpoint"
        data={[{ value: '', label: 'Any endpoint' }, ...requestLogEndpoints]}
        value={view.endpoint}
        onChange={(endpoint) => setView({ endpoint: endpoint ?? '' })}
        allowDeselect={false}
        w={200}
      />
      <Autocomplete
        label="Status"
        placeholder="503 or 5xx"
        data={statuses}
        value={view.status}
        onChange={(status) => setView({ status }, { replace: true })}
        w={110}
      />
      <TimeRangeFilter range={view} onChange={(patch) => setView(patch)} presets={presets} width={180} />
      {isFiltered(view) && (
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconX size={14} />}
          onClick={() => setView(noFilters)}
        >
          Clear filters
        </Button>
      )}
    </Group>
  )
}
