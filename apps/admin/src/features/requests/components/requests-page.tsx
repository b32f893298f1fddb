import { Button, Group, Stack, Switch, Text } from '@mantine/core'
import { IconChevronLeft, IconChevronRight, IconDownload } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useExportRequests } from '../api/export-requests.ts'
import { useRequestLog } from '../api/get-request-log.ts'
import { RequestDrawer } from './request-drawer.tsx'
import { RequestFilters } from './request-filters.tsx'
import { requestFiltersFrom, requestsView } from './requests-view.ts'
import { RequestsTable } from './requests-table.tsx'

/**
 * Every proxied request, newest first, filtered on the server; older pages by cursor (the cursors of
 * the pages walked are kept here, not in the URL, which holds only the filters others link with).
 */
export function RequestsPage({
  groups,
  backends,
  userHref,
  userLabel,
}: {
  groups: { id: string; name: string }[]
  backends: { id: string; name: string }[]
  userHref: (id: string) => string
  userLabel: (id: string) => string
}) {
  const [view, setView] = useUrlState(requestsView)
  const filters = useMemo(() => requestFiltersFrom(view), [view])
  const filterKey = JSON.stringify(filters)
  const [cursors, setCursors] = useState<string[]>([])
  const [live, setLive] = useState(false)
  useEffect(() => setCursors([]), [filterKey])
  const before = cursors.at(-1)
  const log = useRequestLog(filters, { before, live })
  const exporter = useExportRequests()
  const names = useMemo(() => new Map(backends.map((backend) => [backend.id, backend.name])), [backends])
  const backendName = (id: string) => names.get(id) ?? `${id.slice(0, 8)}…`
  const records = log.data?.records ?? []
  const nextCursor = log.data?.next_cursor ?? null

  return (
    <Stack gap="md">
      <PageHeader
        title="Request log"
        description="Every proxied request: who, which model and backend, queue wait, time to first token, tokens and requeues."
        actions={
          <>
            <Switch
              label="Live tail"
              checked={live}
              disabled={cursors.length > 0}
              onChange={(event) => setLive(event.currentTarget.checked)}
            />
            {(['csv', 'ndjson'] as const).map((format) => (
              <Button
                key={format}
                variant="default"
                leftSection={<IconDownload size={16} />}
                loading={exporter.isPending && exporter.variables?.format === format}
                onClick={() => exporter.mutate({ filters, format })}
              >
                {format === 'csv' ? 'Export CSV' : 'Export NDJSON'}
              </Button>
            ))}
          </>
        }
      />
      <RequestFilters
        view={view}
        setView={setView}
        groups={groups}
        backends={backends}
        userLabel={userLabel}
      />
      {exporter.error && <ProblemAlert error={exporter.error} />}
      {log.error && <ProblemAlert error={log.error} />}
      <RequestsTable
        records={records}
        loading={log.isPending}
        backendName={backendName}
        onOpen={(id) => setView({ request: String(id) })}
        onUser={(user) => setView({ user })}
      />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {live && cursors.length === 0
            ? 'Live: new requests appear within a second or two'
            : `${records.length} requests on this page`}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconChevronLeft size={14} />}
            disabled={cursors.length === 0}
            onClick={() => setCursors((stack) => stack.slice(0, -1))}
          >
            Newer
          </Button>
          <Button
            variant="default"
            size="xs"
            rightSection={<IconChevronRight size={14} />}
            disabled={!nextCursor}
            onClick={() => {
              setLive(false)
              if (nextCursor) setCursors((stack) => [...stack, nextCursor])
            }}
          >
            Older
          </Button>
        </Group>
      </Group>
      <RequestDrawer
        id={view.request}
        onClose={() => setView({ request: '' })}
        backendName={backendName}
        userHref={userHref}
      />
    </Stack>
  )
}
