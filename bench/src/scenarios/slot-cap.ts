import { atMost, type Row } from '../report/row.ts'
import type { Stack } from '../stack/stack.ts'

/** Totals of the slot-cap checks made during the other scenarios, and the scheduler's own self-check. */
export async function slotCapRows(stack: Stack): Promise<Row[]> {
  const schedulers = await stack.corral.schedulerStats()
  const selfCheck =
    schedulers.length > 0 ? schedulers.reduce((total, stats) => total + stats.slotViolations, 0) : NaN
  const over = stack.slots.violations.length
  const windows = stack.slots.checks.length
  const scenario = 'slot cap'
  return [
    {
      scenario,
      figure: `windows where the simulator saw more than the slots (of ${windows})`,
      unit: 'count',
      values: { corral: over },
      criterion: atMost('= 0', over, 0),
    },
    {
      scenario,
      figure: "scheduler's slotViolations (whole run)",
      unit: 'count',
      values: { corral: selfCheck },
      criterion: atMost('= 0', selfCheck, 0),
    },
  ]
}
