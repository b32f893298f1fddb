import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import { requestLogCsvColumns, type RequestLogRecord } from '@corral/contracts'

type Batches = AsyncGenerator<RequestLogRecord[]>

function csvRecord(record: RequestLogRecord): Record<(typeof requestLogCsvColumns)[number], unknown> {
  return { ...record, backends_tried: record.backends_tried.join(' ') }
}

/**
 * The records as CSV (RFC 4180 quoting by csv-stringify), produced as batches come from the
 * database: `Readable.from` asks the generator for the next batch only when the socket has taken
 * the last, so a slow client holds back the reading. Usernames, key names, model names and error
 * texts come from people and clients: a cell starting with = + - @ is prefixed with `'`
 * (`escape_formulas`), as in the audit export, so that opening the file in a spreadsheet never runs a
 * formula someone chose (OWASP, "CSV Injection"). No numeric column can start with one.
 */
export function requestLogCsv(batches: Batches): Readable {
  const csv = stringify({
    header: true,
    columns: [...requestLogCsvColumns],
    escape_formulas: true,
  })
  const rows = Readable.from(
    (async function* () {
      for await (const batch of batches) for (const record of batch) yield csvRecord(record)
    })(),
  )
  rows.on('error', (error) => csv.destroy(error))
  return rows.pipe(csv)
}

/** NDJSON: one record a line, the same fields as the API; each line parses alone (`jq`, pandas). */
export function requestLogNdjson(batches: Batches): Readable {
  return Readable.from(
    (async function* () {
      for await (const batch of batches) yield batch.map((record) => `${JSON.stringify(record)}\n`).join('')
    })(),
    { objectMode: false },
  )
}
