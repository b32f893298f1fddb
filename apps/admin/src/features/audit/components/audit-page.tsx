import { Autocomplete, Button, Group, Select, Stack, TextInput } from '@mantine/core'
import { IconDownload, IconX } from '@tabler/icons-react'
import { PageHeader } from '../../../components/page-header.tsx'
import { TimeRangeFilter, type TimeRangePreset } from '../../../components/time-range-filter.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { PaginationBar } from '../../../components/table/pagination-bar.tsx'
import { useDebouncedSearch } from '../../../lib/use-debounced-search.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useAuditLog, useExportAudit } from '../api/audit.ts'
import { AuditTable, type TargetName } from './audit-table.tsx'
import { actionFamilies, auditFiltersFrom, auditQueryFrom, auditView, targetTypes } from './audit-view.ts'

const presets: TimeRangePreset[] = [
  { label: 'Last hour', hours: 1 },
  { label: '24 hours', hours: 24 },
  { label: '7 days', hours: 24 * 7 },
  { label: '30 days', hours: 24 * 30 },
]

/** Every admin action, newest first, filtered on the server; the export takes the same filters. */
export function AuditPage({
  userHref,
  userLabel,
  targetName,
}: {
  userHref: (id: string) => string
  userLabel: (id: string) => string
  targetName?: TargetName
}) {
  const [view, setView] = useUrlState(auditView)
  const audit = useAuditLog(auditQueryFrom(view))
  const exporter = useExportAudit()
  const [actor, setActor] = useDebouncedSearch(view.actor, (value) => setView({ actor: value }))
  const [target, setTarget] = useDebouncedSearch(view.target, (value) => setView({ target: value }))
  const filtered = view.actor || view.action || view.type || view.target || view.user || view.from || view.to

  return (
    <Stack gap="md">
      <PageHeader
        title="Audit log"
        description="One entry per admin action: who, from which address, when, on what, and what changed. Secrets never appear."
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            loading={exporter.isPending}
            onClick={() => exporter.mutate(auditFiltersFrom(view))}
          >
            Export CSV
          </Button>
        }
      />
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Actor"
          placeholder="Username"
          value={actor}
          onChange={(event) => setActor(event.currentTarget.value)}
          w={160}
        />
        <Autocomplete
          label="Action"
          placeholder="e.g. user. or group.update"
          data={actionFamilies.map((family) => family.value)}
          value={view.action}
          onChange={(action) => setView({ action }, { replace: true })}
          w={190}
        />
        <Select
          label="Target"
          data={[{ value: '', label: 'Anything' }, ...targetTypes]}
          value={view.type}
          onChange={(type) => setView({ type: type ?? '' })}
          allowDeselect={false}
          w={150}
        />
        <TextInput
          label="Target id"
          value={target}
          onChange={(event) => setTarget(event.currentTarget.value)}
          w={200}
        />
        <TimeRangeFilter range={view} onChange={(patch) => setView(patch)} presets={presets} width={190} />
        {filtered && (
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconX size={14} />}
            onClick={() =>
              setView({ actor: '', action: '', type: '', target: '', user: '', from: '', to: '' })
            }
          >
            {view.user ? `Clear filters (about ${userLabel(view.user)})` : 'Clear filters'}
          </Button>
        )}
      </Group>
      {exporter.error && <ProblemAlert error={exporter.error} />}
      {audit.error && <ProblemAlert error={audit.error} />}
      <AuditTable
        entries={audit.data?.entries ?? []}
        loading={audit.isPending}
        userHref={userHref}
        targetName={targetName}
      />
      <PaginationBar
        page={view.page}
        pageSize={view.size}
        total={audit.data?.total ?? 0}
        totalExact={audit.data?.total_exact ?? true}
        rows={audit.data?.entries.length ?? 0}
        onPage={(page) => setView({ page })}
        onPageSize={(size) => setView({ size })}
        noun="entries"
      />
    </Stack>
  )
}
