import { Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconKey, IconPlus } from '@tabler/icons-react'
import type { ApiKey } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { formatDateTime } from '../../../lib/format.ts'
import { useApiKeys } from '../api/get-api-keys.ts'
import { CreateApiKeyModal } from './create-api-key-modal.tsx'
import { RevokeApiKeyButton } from './revoke-api-key-button.tsx'

/** The user's API keys for programs (Ollama and OpenAI clients): create, list, revoke. */
export function ApiKeysPanel() {
  const { data: keys, isLoading, error } = useApiKeys()
  const [creating, create] = useDisclosure(false)

  return (
    <Card withBorder radius="md" p="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3}>API keys</Title>
            <Text size="sm" c="dimmed">
              For programs: send <code>Authorization: Bearer &lt;key&gt;</code> to{' '}
              <code>{window.location.origin}/api</code> (Ollama) or <code>/v1</code> (OpenAI).
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
            Create key
          </Button>
        </Group>
        {isLoading && <Loader size="sm" />}
        {error && <ProblemAlert problem={describeError(error)} />}
        {keys?.length === 0 && (
          <Group gap="xs" c="dimmed">
            <IconKey size={16} />
            <Text size="sm">No keys yet.</Text>
          </Group>
        )}
        {keys && keys.length > 0 && <KeysTable keys={keys} />}
      </Stack>
      <CreateApiKeyModal opened={creating} onClose={create.close} />
    </Card>
  )
}

function KeysTable({ keys }: { keys: ApiKey[] }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="api-keys-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key.id} data-testid="api-key-row">
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray" tt="none" ff="monospace">
                  {key.prefix}…
                </Badge>
              </Table.Td>
              <Table.Td>{key.priority}</Table.Td>
              <Table.Td>{key.last_used_at ? formatDateTime(key.last_used_at) : 'never'}</Table.Td>
              <Table.Td>{key.expires_at ? formatDateTime(key.expires_at) : 'never'}</Table.Td>
              <Table.Td ta="right">
                <RevokeApiKeyButton apiKey={key} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
