import { Errors } from '@corral/core'
import type {
  RequestLogExportQuery,
  RequestLogPage,
  RequestLogQuery,
  RequestLogRecord,
} from '@corral/contracts'
import { decodeCursor, encodeCursor } from './request-log-cursor.ts'
import { requestLogFilterOf } from './request-log-filter.ts'
import type { RequestLogRepository, RequestLogRow } from './request-log-repository.ts'

/** The request log: usage records one by one, paged by keyset, followed live and exported. */
export class RequestLogService {
  constructor(private readonly repository: RequestLogRepository) {}

  /**
   * A page, newest first: the newest records, those older than `before`, or (the live tail) those
   * newer than `after`. A tail that is more than a page behind gets the oldest page of what it
   * missed and `has_newer`, so it catches up without a gap.
   */
  async page(query: RequestLogQuery): Promise<RequestLogPage> {
    if (query.before && query.after) throw new Errors.validation('Give before or after, not both')
    const filter = requestLogFilterOf(query)
    if (query.after) {
      const after = decodeCursor(query.after, 'after')
      const rows = await this.repository.newer(filter, query.limit + 1, after)
      const page = rows.slice(0, query.limit).reverse()
      return {
        records: page.map(presentRequestLogRow),
        next_cursor: null,
        newest_cursor: page.length > 0 ? cursorOf(page[0]!) : query.after,
        has_newer: rows.length > query.limit,
      }
    }
    const before = query.before ? decodeCursor(query.before, 'before') : undefined
    const rows = await this.repository.older(filter, query.limit + 1, before)
    const page = rows.slice(0, query.limit)
    return {
      records: page.map(presentRequestLogRow),
      next_cursor: rows.length > query.limit ? cursorOf(page[page.length - 1]!) : null,
      newest_cursor: page.length > 0 ? cursorOf(page[0]!) : (query.before ?? null),
      has_newer: false,
    }
  }

  async get(id: number): Promise<RequestLogRecord> {
    const row = await this.repository.byId(id)
    if (!row) throw new Errors.notFound(`There is no request record ${id}`)
    return presentRequestLogRow(row)
  }

  /**
   * The filtered log as batches of records, newest first, read as the consumer asks for them. The
   * filter is checked here, before the answer starts: a refusal must come before the headers.
   */
  export(query: Omit<RequestLogExportQuery, 'format'>): AsyncGenerator<RequestLogRecord[]> {
    const batches = this.repository.stream(requestLogFilterOf(query))
    return (async function* () {
      for await (const rows of batches) yield rows.map(presentRequestLogRow)
    })()
  }
}

const cursorOf = (row: RequestLogRow) => encodeCursor({ at: row.positionAt, id: row.record.id })

function presentRequestLogRow(row: RequestLogRow): RequestLogRecord {
  const { record } = row
  return {
    id: record.id,
    request_id: record.requestId,
    finished_at: record.finishedAt.toISOString(),
    user_id: record.userId,
    username: row.username,
    key_id: record.keyId,
    key_name: row.keyName,
    group_id: record.groupId,
    group_name: row.groupName,
    model: record.model,
    backend_id: record.backendId,
    backends_tried: record.backendsTried ?? (record.backendId ? [record.backendId] : []),
    requeues: record.requeues,
    endpoint: record.endpoint,
    source: record.source,
    status: record.status,
    error: record.error,
    priority: record.priority,
    prompt_tokens: record.promptTokens,
    output_tokens: record.outputTokens,
    queue_wait_ms: record.queueWaitMs,
    time_to_first_token_ms: record.timeToFirstTokenMs,
    duration_ms: record.durationMs,
  }
}
