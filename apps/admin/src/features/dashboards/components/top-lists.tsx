import { SimpleGrid } from '@mantine/core'
import type { StatsReport } from '@corral/contracts'
import { ChartCard } from '../../../components/chart-card.tsx'
import type { RequestLogHref } from './request-log-link.ts'
import { TopTable } from './top-table.tsx'

const lists = [
  { key: 'users', title: 'Top users', name: 'user', filter: 'user' },
  { key: 'keys', title: 'Top keys', name: 'key', filter: 'key' },
  { key: 'groups', title: 'Top groups', name: 'group', filter: 'group' },
  { key: 'models', title: 'Top models', name: 'model', filter: 'model' },
] as const

/** The ten busiest users, keys, groups and models of the range. */
export function TopLists({
  report,
  loading,
  error,
  logHref,
}: {
  report: StatsReport | undefined
  loading: boolean
  error: unknown
  logHref: RequestLogHref
}) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      {lists.map((list) => {
        const rows = report?.top[list.key] ?? []
        return (
          <ChartCard
            key={list.key}
            title={list.title}
            loading={loading}
            error={error}
            empty={rows.length === 0}
          >
            <TopTable
              name={list.name}
              rows={rows}
              href={(row) => logHref({ from: report!.from, to: report!.to, [list.filter]: row.id })}
            />
          </ChartCard>
        )
      })}
    </SimpleGrid>
  )
}
