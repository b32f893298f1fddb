import '@mantine/charts/styles.css'
import { Stack } from '@mantine/core'
import { ChartCard } from '../../../components/chart-card.tsx'
import { PageHeader } from '../../../components/page-header.tsx'
import { StatsRangePicker } from '../../../components/stats-range-picker.tsx'
import { statsQueryOf, statsRangeSpec } from '../../../lib/stats-range.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useFairness } from '../api/get-fairness.ts'
import { ClassShares } from './class-shares.tsx'

/** Shares of served tokens against entitlements per priority class (docs/monitoring.md, "Fairness"). */
export function FairnessPage({ userHref }: { userHref: (userId: string) => string }) {
  const [state, setState] = useUrlState(statsRangeSpec)
  const fairness = useFairness(statsQueryOf(state))
  const report = fairness.data
  return (
    <Stack gap="md">
      <PageHeader
        title="Fairness"
        description={
          report
            ? `Tokens weighted ${report.input_token_weight} per prompt token and ${report.output_token_weight} per output token, as the scheduler charges them; entitled share = group weight ÷ the weights of the users served in the class`
            : 'Each user’s share of served tokens against the share their weight entitles them to'
        }
        actions={<StatsRangePicker key={state.range} state={state} onChange={setState} shown={report} />}
      />
      {(fairness.isPending || fairness.error || report?.classes.length === 0) && (
        <ChartCard
          title="Shares per priority class"
          loading={fairness.isPending}
          error={fairness.error}
          empty={!fairness.isPending && !fairness.error}
        >
          {null}
        </ChartCard>
      )}
      {report?.classes.map((entry) => (
        <ClassShares key={entry.priority} entry={entry} report={report} userHref={userHref} />
      ))}
    </Stack>
  )
}
