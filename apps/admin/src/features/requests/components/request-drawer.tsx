import { Alert, Anchor, Center, Code, Drawer, Loader, Table } from '@mantine/core'
import type { ReactNode } from 'react'
import { isHttpError } from '@corral/web-kit'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { formatDateTime, formatNumber } from '../../../lib/format.ts'
import { useRequestRecord } from '../api/get-request.ts'
import { formatMs, RequestStatus } from './request-status.tsx'

/** Every field of one record; its id is in the URL (`request`), so the drawer can be shared. */
export function RequestDrawer({
  id,
  onClose,
  backendName,
  userHref,
}: {
  id: string
  onClose: () => void
  backendName: (id: string) => string
  userHref: (id: string) => string
}) {
  const record = useRequestRecord(id)
  const data = record.data
  const rows: [string, ReactNode][] = data
    ? [
        ['Record', data.id],
        ['Request id', <Code key="r">{data.request_id}</Code>],
        ['Finished', `${formatDateTime(data.finished_at)} (${data.finished_at})`],
        [
          'User',
          data.username ? (
            <Anchor key="u" href={`/admin${userHref(data.user_id)}`}>
              {data.username}
            </Anchor>
          ) : (
            'deleted user'
          ),
        ],
        ['Key', data.key_name ?? (data.key_id ? 'deleted key' : 'none (browser session)')],
        ['Group', data.group_name ?? '—'],
        ['Source', data.source],
        ['Endpoint', <Code key="e">{data.endpoint}</Code>],
        ['Model', data.model],
        ['Priority', data.priority],
        ['Status', <RequestStatus key="s" status={data.status} />],
        ['Error', data.error ?? '—'],
        ['Backend', data.backend_id ? backendName(data.backend_id) : '—'],
        ['Backends tried', data.backends_tried.map(backendName).join(' → ') || '—'],
        ['Requeues', data.requeues],
        ['Queue wait', formatMs(data.queue_wait_ms)],
        ['Time to first token', formatMs(data.time_to_first_token_ms)],
        ['Duration', formatMs(data.duration_ms)],
        ['Tokens in', formatNumber(data.prompt_tokens)],
        ['Tokens out', formatNumber(data.output_tokens)],
      ]
    : []
  return (
    <Drawer opened={id !== ''} onClose={onClose} position="right" size="lg" title={`Request ${id}`}>
      {record.isPending && (
        <Center py="lg">
          <Loader size="sm" aria-label="Loading" />
        </Center>
      )}
      {record.error &&
        (isHttpError(record.error) && record.error.status === 404 ? (
          <Alert color="yellow" title="No such request">
            There is no request record {id}.
          </Alert>
        ) : (
          <ProblemAlert error={record.error} />
        ))}
      {data && (
        <Table aria-label="Request details" withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={170}>{label}</Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Drawer>
  )
}
