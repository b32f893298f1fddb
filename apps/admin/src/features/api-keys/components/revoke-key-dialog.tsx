import { Stack, Table, Text } from '@mantine/core'
import type { AdminApiKey } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { MaskedKey } from '../../../components/masked-key.tsx'
import { formatDateTime } from '../../../lib/format.ts'
import { useRevokeApiKey } from '../api/revoke-api-key.ts'

export function RevokeKeyDialog({ apiKey, onClose }: { apiKey: AdminApiKey | null; onClose: () => void }) {
  const revoke = useRevokeApiKey()
  const close = () => {
    revoke.reset()
    onClose()
  }
  return (
    <ConfirmDialog
      opened={apiKey !== null}
      onClose={close}
      title={`Revoke ${apiKey?.name}?`}
      confirmLabel="Revoke key"
      loading={revoke.isPending}
      error={revoke.error}
      onConfirm={() => apiKey && revoke.mutate(apiKey, { onSuccess: close })}
    >
      {apiKey && (
        <Stack gap="sm">
          <Text size="sm">
            Programs using this key are refused within a second or two. A revoked key cannot be restored.
          </Text>
          <Table variant="vertical" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={110}>Key</Table.Th>
                <Table.Td>
                  <MaskedKey prefix={apiKey.prefix} lastFour={apiKey.last_four} />
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Owner</Table.Th>
                <Table.Td>
                  {apiKey.username} ({apiKey.group_name})
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Last used</Table.Th>
                <Table.Td>{apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : 'never'}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </ConfirmDialog>
  )
}
