import { BarChart, LineChart } from '@mantine/charts'
import { Anchor, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import type { FairnessReport } from '@corral/contracts'
import { formatNumber } from '../../../lib/format.ts'

type FairnessClass = FairnessReport['classes'][number]

const percent = (share: number) => Number((share * 100).toFixed(1))
/** One decimal always, so a column of shares lines up: 25.0 %, 12.5 %. */
const percentText = (share: number) => `${(share * 100).toFixed(1)} %`
const label = (iso: string, timeZone: string, bucket: string) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(bucket === '1d' ? {} : { hour: '2-digit', minute: '2-digit' }),
  }).format(new Date(iso))

/** One priority class: served against entitled share per user, and Jain's index per bucket. */
export function ClassShares({
  entry,
  report,
  userHref,
}: {
  entry: FairnessClass
  report: FairnessReport
  userHref: (userId: string) => string
}) {
  const shares = entry.users.map((user) => ({
    user: user.username,
    'Served %': percent(user.served_share),
    'Entitled %': percent(user.entitled_share),
  }))
  const jain = entry.over_time.map((bucket) => ({
    time: label(bucket.bucket_start, report.time_zone, report.bucket),
    "Jain's index": bucket.jain_index === null ? null : Number(bucket.jain_index.toFixed(3)),
  }))
  return (
    <Card withBorder padding="md" data-testid={`fairness-class-${entry.priority}`}>
      <Stack gap="sm">
        <div>
          <Title order={4}>Priority {entry.priority}</Title>
          <Text size="xs" c="dimmed">
            {formatNumber(Math.round(entry.weighted_tokens))} weighted tokens served · Jain&apos;s index over
            the range{' '}
            <span data-testid={`jain-${entry.priority}`}>
              {entry.jain_index === null ? '–' : entry.jain_index.toFixed(3)}
            </span>
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <BarChart
            h={240}
            data={shares}
            dataKey="user"
            unit=" %"
            withLegend
            series={[
              { name: 'Served %', color: 'blue.6' },
              { name: 'Entitled %', color: 'gray.5' },
            ]}
          />
          <LineChart
            h={240}
            data={jain}
            dataKey="time"
            yAxisProps={{ domain: [0, 1] }}
            connectNulls={false}
            series={[{ name: "Jain's index", color: 'teal.6' }]}
          />
        </SimpleGrid>
        <Table fz="sm" withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th ta="right">Weight</Table.Th>
              <Table.Th ta="right">Requests</Table.Th>
              <Table.Th ta="right">Served</Table.Th>
              <Table.Th ta="right">Entitled</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entry.users.map((user) => (
              <Table.Tr key={user.user_id} data-testid={`share-${entry.priority}-${user.username}`}>
                <Table.Td>
                  <Anchor component={Link} to={userHref(user.user_id)} size="sm">
                    {user.username}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{user.weight}</Table.Td>
                <Table.Td ta="right">{formatNumber(user.requests)}</Table.Td>
                <Table.Td ta="right" data-testid="served">
                  {percentText(user.served_share)}
                </Table.Td>
                <Table.Td ta="right" data-testid="entitled">
                  {percentText(user.entitled_share)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  )
}
