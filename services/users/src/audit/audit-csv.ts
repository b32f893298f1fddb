import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import { auditCsvColumns } from '@corral/contracts'
import type { AuditRow } from './audit-repository.ts'

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value))

function csvRecord(row: AuditRow): Record<(typeof auditCsvColumns)[number], string> {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor_user_id: row.actorUserId ?? '',
    actor_username: row.actorUsername ?? '',
    ip: row.ip ?? '',
    action: row.action,
    target_type: row.targetType ?? '',
    target_id: row.targetId ?? '',
    before: json(row.before),
    after: json(row.after),
    details: json(row.details),
  }
}

/**
 * The audit rows as CSV, produced as the batches come from the database: backpressure from the
 * client pauses the reading. `escape_formulas` keeps a username like `=HYPERLINK(…)` inert in a
 * spreadsheet.
 */
export function auditCsv(batches: AsyncGenerator<AuditRow[]>): Readable {
  const csv = stringify({ header: true, columns: [...auditCsvColumns], escape_formulas: true })
  const rows = Readable.from(
    (async function* () {
      for await (const batch of batches) for (const row of batch) yield csvRecord(row)
    })(),
  )
  rows.on('error', (error) => csv.destroy(error))
  return rows.pipe(csv)
}
