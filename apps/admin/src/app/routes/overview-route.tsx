import { Anchor, Card, Group, SimpleGrid, Stack, Title } from '@mantine/core'
import { IconKey, IconMailPlus, IconServer2, IconUsers } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useApiKeys } from '../../features/api-keys/api/get-api-keys.ts'
import { keysView } from '../../features/api-keys/components/keys-view.ts'
import { useAuditLog } from '../../features/audit/api/audit.ts'
import { AuditTable } from '../../features/audit/components/audit-table.tsx'
import { useBackends } from '../../features/backends/api/backends.ts'
import { useModelPulls } from '../../features/backends/api/model-pulls.ts'
import { PullsPanel } from '../../features/backends/components/pulls-panel.tsx'
import { useInvitations } from '../../features/invitations/api/invitations.ts'
import { useUsers } from '../../features/users/api/get-users.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { StatTile } from '../../components/stat-tile.tsx'
import { formatTotal } from '../../lib/format.ts'
import { readUrlState } from '../../lib/url-state.ts'
import { paths } from '../paths.ts'
import { useTargetNames } from './use-target-names.ts'

const activeKeys = { ...readUrlState(keysView, new URLSearchParams()), size: 1 }
/** Sign-ins and registrations are in the audit log too; the overview shows what admins changed. */
const isAdminAction = (entry: { action: string }) => !entry.action.startsWith('auth.')

const count = (list: { total: number; total_exact: boolean } | undefined) => (list ? formatTotal(list) : '…')

/** The first page: the state of the fleet and the people on it at a glance, and the latest admin actions. */
export function OverviewRoute() {
  const users = useUsers({ limit: 1, offset: 0 })
  const disabled = useUsers({ limit: 1, offset: 0, status: 'disabled' })
  const keys = useApiKeys(activeKeys)
  const invitations = useInvitations({ limit: 1, offset: 0, status: 'active' })
  const backends = useBackends()
  const pulls = useModelPulls()
  const audit = useAuditLog({ limit: 50, offset: 0 })
  const targetName = useTargetNames()
  const list = backends.data ?? []
  const healthy = list.filter((backend) => backend.healthy).length
  const slots = list.reduce((sum, backend) => sum + backend.slots, 0)
  const busy = list.reduce((sum, backend) => sum + backend.busy, 0)
  const running = (pulls.data ?? []).filter((pull) => pull.status === 'running' || pull.status === 'queued')

  return (
    <Stack gap="md">
      <PageHeader title="Overview" description="The fleet and the people on it, at a glance." />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <StatTile
          label="Users"
          value={count(users.data)}
          hint={disabled.data ? `${formatTotal(disabled.data)} disabled` : undefined}
          to={paths.users}
          icon={<IconUsers size={22} opacity={0.5} />}
        />
        <StatTile
          label="Active API keys"
          value={count(keys.data)}
          to={paths.keys}
          icon={<IconKey size={22} opacity={0.5} />}
        />
        <StatTile
          label="Backends healthy"
          value={backends.error ? '—' : backends.data ? `${healthy} of ${list.length}` : '…'}
          hint={backends.data ? `${busy} of ${slots} slots busy` : undefined}
          to={paths.backends}
          icon={<IconServer2 size={22} opacity={0.5} />}
        />
        <StatTile
          label="Open invitations"
          value={count(invitations.data)}
          to={paths.invitations}
          icon={<IconMailPlus size={22} opacity={0.5} />}
        />
      </SimpleGrid>
      {running.length > 0 && <PullsPanel pulls={running} />}
      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>Latest admin actions</Title>
            <Anchor component={Link} to={paths.audit} size="sm">
              Audit log
            </Anchor>
          </Group>
          <AuditTable
            entries={(audit.data?.entries ?? []).filter(isAdminAction).slice(0, 10)}
            loading={audit.isPending}
            userHref={paths.user}
            targetName={targetName}
          />
        </Stack>
      </Card>
    </Stack>
  )
}
