import { Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import type { QueueSnapshot, RunningRequest } from '@corral/contracts'
import { formatNumber } from '../../../lib/format.ts'
import { formatDuration } from './format-duration.ts'

/**
 * Each backend with its slots: the requests running there (longest-running first) with elapsed time,
 * time to first token, tokens so far and tokens per second, then the free slots.
 */
export function RunningSlots({
  snapshot,
  onCancel,
}: {
  snapshot: QueueSnapshot
  onCancel: (request: RunningRequest) => void
}) {
  if (snapshot.backends.length === 0) {
    return <Text c="dimmed">No backend is registered.</Text>
  }
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {snapshot.backends.map((backend) => {
        const running = snapshot.running
          .filter((request) => request.backend_id === backend.id)
          .sort((a, b) => b.running_ms - a.running_ms)
        const free = Math.max(0, backend.slots - running.length)
        return (
          <Card key={backend.id} withBorder data-testid="backend-slots" data-backend={backend.name}>
            <Group justify="space-between" mb="xs">
              <Text fw={600}>{backend.name}</Text>
              <Group gap={4}>
                {!backend.healthy && <Badge color="red">down</Badge>}
                {backend.draining && <Badge color="yellow">draining</Badge>}
                <Badge variant="light">
                  {backend.busy} of {backend.slots} slots busy
                </Badge>
              </Group>
            </Group>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Slot</Table.Th>
                  <Table.Th>User and model</Table.Th>
                  <Table.Th>Elapsed</Table.Th>
                  <Table.Th>First token</Table.Th>
                  <Table.Th>Tokens</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {running.map((request, index) => (
                  <Table.Tr key={request.id} data-testid="running-row" data-request-id={request.id}>
                    <Table.Td>{index + 1}</Table.Td>
                    <Table.Td>
                      <Stack gap={0}>
                        <Text size="sm">{request.username}</Text>
                        <Code>{request.model}</Code>
                      </Stack>
                    </Table.Td>
                    <Table.Td>{formatDuration(request.running_ms)}</Table.Td>
                    <Table.Td>
                      {request.time_to_first_token_ms === null
                        ? 'waiting…'
                        : formatDuration(request.time_to_first_token_ms)}
                    </Table.Td>
                    <Table.Td>
                      {formatNumber(request.output_tokens)}
                      {request.tokens_per_second !== null && (
                        <Text size="xs" c="dimmed">
                          {request.tokens_per_second.toFixed(1)} tokens/s
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" color="red" onClick={() => onCancel(request)}>
                        Cancel
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {Array.from({ length: free }, (_, index) => (
                  <Table.Tr key={`free-${index}`}>
                    <Table.Td>{running.length + index + 1}</Table.Td>
                    <Table.Td colSpan={5}>
                      <Text size="sm" c="dimmed">
                        free
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )
      })}
    </SimpleGrid>
  )
}
