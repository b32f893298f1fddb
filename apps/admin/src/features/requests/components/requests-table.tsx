import { Anchor, Table, Text } from '@mantine/core'
import type { RequestLogRecord } from '@corral/contracts'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { formatDateTime, formatNumber } from '../../../lib/format.ts'
import { formatMs, RequestStatus } from './request-status.tsx'

const columns = 11

/** One row a request; the row opens its drawer, the user's name filters the log to them. */
export function RequestsTable({
  records,
  loading,
  backendName,
  onOpen,
  onUser,
}: {
  records: RequestLogRecord[]
  loading: boolean
  backendName: (id: string) => string
  onOpen: (id: number) => void
  onUser: (userId: string) => void
}) {
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table highlightOnHover verticalSpacing={6} aria-label="Requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Finished</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th>Backend</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Queue wait</Table.Th>
            <Table.Th ta="right">First token</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th ta="right">Tokens in / out</Table.Th>
            <Table.Th ta="right">Requeues</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.length === 0 ? (
            <TableStateRow columns={columns} loading={loading} empty="No request matches these filters" />
          ) : (
            records.map((record) => (
              <Table.Tr
                key={record.id}
                onClick={() => onOpen(record.id)}
                style={{ cursor: 'pointer' }}
                data-request-id={record.id}
              >
                <Table.Td>
                  <Anchor
                    component="button"
                    size="sm"
                    onClick={(event) => {
                      event.stopPropagation()
                      onOpen(record.id)
                    }}
                  >
                    {formatDateTime(record.finished_at)}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component="button"
                    size="sm"
                    title="Show only this user's requests"
                    onClick={(event) => {
                      event.stopPropagation()
                      onUser(record.user_id)
                    }}
                  >
                    {record.username ?? 'deleted user'}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={record.key_name ? undefined : 'dimmed'}>
                    {record.key_name ??
                      (record.key_id ? 'deleted key' : record.source === 'chat' ? 'chat' : '—')}
                  </Text>
                </Table.Td>
                <Table.Td>{record.model}</Table.Td>
                <Table.Td>{record.backend_id ? backendName(record.backend_id) : '—'}</Table.Td>
                <Table.Td>
                  <RequestStatus status={record.status} />
                </Table.Td>
                <Table.Td ta="right">{formatMs(record.queue_wait_ms)}</Table.Td>
                <Table.Td ta="right">{formatMs(record.time_to_first_token_ms)}</Table.Td>
                <Table.Td ta="right">{formatMs(record.duration_ms)}</Table.Td>
                <Table.Td ta="right">
                  {formatNumber(record.prompt_tokens)} / {formatNumber(record.output_tokens)}
                </Table.Td>
                <Table.Td ta="right">{record.requeues}</Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
