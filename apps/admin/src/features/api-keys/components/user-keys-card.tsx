import { Anchor, Button, Card, Group, Stack, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { AdminApiKey } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { formatTotal } from '../../../lib/format.ts'
import { readUrlState } from '../../../lib/url-state.ts'
import { useApiKeys } from '../api/get-api-keys.ts'
import { CreateKeyModal } from './create-key-modal.tsx'
import { KeysTable } from './keys-table.tsx'
import { keysView } from './keys-view.ts'
import { RevokeKeyDialog } from './revoke-key-dialog.tsx'

/** One user's keys (every status, newest first) on their page, with create and revoke. */
export function UserKeysCard({
  user,
  keysHref,
  modelNames,
}: {
  user: { id: string; username: string }
  keysHref: string
  modelNames: string[]
}) {
  const view = { ...readUrlState(keysView, new URLSearchParams()), user: user.id, status: 'any' as const }
  const keys = useApiKeys(view)
  const [creating, create] = useDisclosure(false)
  const [revoking, setRevoking] = useState<AdminApiKey | null>(null)
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>API keys</Title>
          <Group gap="sm">
            {keys.data && keys.data.total > keys.data.keys.length && (
              <Anchor component={Link} to={keysHref} size="sm">
                All {formatTotal(keys.data)} keys
              </Anchor>
            )}
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={create.open}>
              Create key
            </Button>
          </Group>
        </Group>
        {keys.error && <ProblemAlert error={keys.error} />}
        <KeysTable
          keys={keys.data?.keys ?? []}
          loading={keys.isPending}
          onRevoke={setRevoking}
          userHref={() => '#'}
          showOwner={false}
        />
      </Stack>
      <CreateKeyModal
        opened={creating}
        onClose={create.close}
        fixedUser={user}
        userPicker={() => null}
        modelNames={modelNames}
      />
      <RevokeKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Card>
  )
}
