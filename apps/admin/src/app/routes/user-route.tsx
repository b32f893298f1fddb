import { Anchor, Card, Group, Loader, SimpleGrid, Stack, Title } from '@mantine/core'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { UserKeysCard } from '../../features/api-keys/components/user-keys-card.tsx'
import { AuditTable } from '../../features/audit/components/audit-table.tsx'
import { useFleetModels } from '../../features/backends/api/get-models.ts'
import { useGroups } from '../../features/groups/api/get-groups.ts'
import { useUserOverview } from '../../features/users/api/get-user-overview.ts'
import {
  UserActionDialogs,
  type PendingUserAction,
} from '../../features/users/components/user-action-dialogs.tsx'
import { UserOllamaKeysCard } from '../../features/users/components/user-ollama-keys-card.tsx'
import { UserSessionsCard } from '../../features/users/components/user-sessions-card.tsx'
import { UserSummary } from '../../features/users/components/user-summary.tsx'
import { UserUsageCard } from '../../features/users/components/user-usage-card.tsx'
import { ProblemAlert } from '../../components/problem-alert.tsx'
import { paths } from '../paths.ts'

/** A user's page: who they are, their keys, Ollama CLI keys, sessions, recent usage and audit entries. */
export function UserRoute() {
  const { userId = '' } = useParams()
  const overview = useUserOverview(userId)
  const groups = useGroups()
  const models = useFleetModels()
  const navigate = useNavigate()
  const [pending, setPending] = useState<PendingUserAction | null>(null)

  if (overview.error) return <ProblemAlert error={overview.error} />
  if (!overview.data) return <Loader aria-label="Loading" />
  const { user } = overview.data
  return (
    <Stack gap="md">
      <UserSummary user={user} backHref={paths.users} onAction={(action) => setPending({ action, user })} />
      <UserKeysCard
        user={user}
        keysHref={`${paths.keys}?user=${user.id}&status=any`}
        modelNames={(models.data ?? []).map((model) => model.name)}
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <UserSessionsCard user={user} />
        <UserOllamaKeysCard user={user} keys={overview.data.ollama_keys} />
      </SimpleGrid>
      <UserUsageCard usage={overview.data.usage} />
      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>Audit entries by or about {user.username}</Title>
            <Anchor component={Link} to={`${paths.audit}?user=${user.id}`} size="sm">
              All entries
            </Anchor>
          </Group>
          <AuditTable entries={overview.data.audit} loading={false} userHref={paths.user} />
        </Stack>
      </Card>
      <UserActionDialogs
        pending={pending}
        groups={groups.data ?? []}
        onClose={() => setPending(null)}
        onDeleted={() => void navigate(paths.users)}
      />
    </Stack>
  )
}
