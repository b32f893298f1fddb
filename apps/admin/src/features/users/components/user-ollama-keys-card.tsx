import { Button, Card, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { AdminUser, OllamaKey } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { useRemoveOllamaKey } from '../api/remove-ollama-key.ts'

/** The public keys the user's `ollama` CLI signs with. */
export function UserOllamaKeysCard({ user, keys }: { user: AdminUser; keys: OllamaKey[] }) {
  const remove = useRemoveOllamaKey()
  const [removing, setRemoving] = useState<OllamaKey | null>(null)
  const close = () => {
    remove.reset()
    setRemoving(null)
  }
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={4}>Ollama CLI keys</Title>
        {keys.length === 0 ? (
          <Text size="sm" c="dimmed">
            None registered.
          </Text>
        ) : (
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {keys.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name || 'unnamed'}</Table.Td>
                  <Table.Td ff="monospace">{key.fingerprint}</Table.Td>
                  <Table.Td>
                    used <RelativeTime iso={key.last_used_at} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(key)}>
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <ConfirmDialog
        opened={removing !== null}
        onClose={close}
        title={`Remove ${removing?.name || 'this key'}?`}
        confirmLabel="Remove key"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          removing &&
          remove.mutate(
            { userId: user.id, keyId: removing.id, name: removing.name || removing.fingerprint },
            { onSuccess: close },
          )
        }
      >
        <Text size="sm">
          The `ollama` CLI of {user.username} holding {removing?.fingerprint} is refused from now on.
        </Text>
      </ConfirmDialog>
    </Card>
  )
}
