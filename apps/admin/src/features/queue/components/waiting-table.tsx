import { Badge, Button, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core'
import type { WaitingRequest } from '@corral/contracts'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { formatDuration } from './format-duration.ts'

const reasonColors: Record<WaitingRequest['reason']['kind'], string> = {
  'slots-busy': 'gray',
  'higher-priority': 'blue',
  'fair-share': 'grape',
  'no-backend': 'red',
}

/** Every waiting request in dispatch order, with why it waits and what an operator may do about it. */
export function WaitingTable({
  waiting,
  loading,
  groupName,
  onCancel,
  onPromote,
}: {
  waiting: WaitingRequest[]
  loading: boolean
  groupName: (id: string) => string | undefined
  onCancel: (request: WaitingRequest) => void
  onPromote: (request: WaitingRequest) => void
}) {
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table verticalSpacing="xs" data-testid="waiting-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Position</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Group</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Waited</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th>Estimated wait</Table.Th>
            <Table.Th>Why it waits</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {waiting.length === 0 ? (
            <TableStateRow
              columns={10}
              loading={loading}
              empty="Nothing is waiting: every request got a slot."
            />
          ) : (
            waiting.map((request) => (
              <Table.Tr key={request.id} data-testid="waiting-row" data-request-id={request.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {request.position}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {request.model_position} for its model
                  </Text>
                </Table.Td>
                <Table.Td>{request.username}</Table.Td>
                <Table.Td>
                  {request.key_id ? (
                    <Code>{request.key_id.slice(0, 8)}</Code>
                  ) : (
                    <Text size="sm">session</Text>
                  )}
                </Table.Td>
                <Table.Td>{request.group_id ? (groupName(request.group_id) ?? '—') : '—'}</Table.Td>
                <Table.Td>
                  <PriorityCell request={request} />
                </Table.Td>
                <Table.Td>{formatDuration(request.waited_ms)}</Table.Td>
                <Table.Td>
                  <Code>{request.model}</Code>
                </Table.Td>
                <Table.Td>{formatDuration(request.estimated_wait_ms)}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={reasonColors[request.reason.kind]}
                    tt="none"
                    data-testid="waiting-reason"
                    style={{ whiteSpace: 'normal', height: 'auto' }}
                  >
                    {request.reason.text}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => onPromote(request)}>
                      Promote
                    </Button>
                    <Button size="xs" variant="light" color="red" onClick={() => onCancel(request)}>
                      Cancel
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function PriorityCell({ request }: { request: WaitingRequest }) {
  return (
    <Stack gap={0}>
      <Tooltip label="Base priority → effective priority (base plus one step per aging interval waited)">
        <Text size="sm" data-testid="priority">
          {request.priority} → {request.effective_priority}
          {request.promoted_from !== null && (
            <Badge ml={6} size="xs" variant="outline">
              promoted from {request.promoted_from}
            </Badge>
          )}
        </Text>
      </Tooltip>
      {request.next_aging_ms !== null && (
        <Text size="xs" c="dimmed">
          +1 in {formatDuration(request.next_aging_ms)}
        </Text>
      )}
    </Stack>
  )
}
