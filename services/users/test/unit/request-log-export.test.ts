import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { requestLogFilename, type RequestLogRecord } from '@corral/contracts'
import { requestLogCsv, requestLogNdjson } from '../../src/requests/request-log-export.ts'

const record = (id: number): RequestLogRecord => ({
  id,
  request_id: `r-${id}`,
  finished_at: new Date(Date.UTC(2026, 0, 1) + id).toISOString(),
  user_id: '00000000-0000-4000-8000-000000000001',
  username: 'ada',
  key_id: null,
  key_name: null,
  group_id: null,
  group_name: null,
  model: 'llama3.2',
  backend_id: 'gpu-1',
  backends_tried: ['gpu-1'],
  requeues: 0,
  endpoint: '/api/chat',
  source: 'api',
  status: 200,
  error: null,
  priority: 5,
  prompt_tokens: 1,
  output_tokens: 2,
  queue_wait_ms: 3,
  time_to_first_token_ms: 4,
  duration_ms: 5,
})

/** Endless batches of 1,000 records that count how many the consumer has pulled. */
function countedBatches() {
  const counter = { pulled: 0 }
  const batches = (async function* () {
    for (let batch = 0; ; batch++) {
      counter.pulled++
      yield Array.from({ length: 1000 }, (_, index) => record(batch * 1000 + index + 1))
    }
  })()
  return { counter, batches }
}

async function readOneChunkThenStall(stream: Readable): Promise<void> {
  stream.once('data', () => stream.pause())
  await once(stream, 'data')
  await sleep(200)
}

describe('the request log export streams', () => {
  it.each([
    ['CSV', requestLogCsv],
    ['NDJSON', requestLogNdjson],
  ])('%s reads no further ahead than the consumer takes', async (_name, format) => {
    const { counter, batches } = countedBatches()
    const stream = format(batches)
    await readOneChunkThenStall(stream)
    // An endless source: anything but pull-driven reading would have read far more in 200 ms.
    expect(counter.pulled).toBeLessThanOrEqual(2)
    stream.destroy()
  })

  it('names the file after the range, in characters every file system accepts', () => {
    expect(requestLogFilename('2026-12-01T00:00:00Z', '2026-12-02T14:51:30.123Z', 'csv')).toBe(
      'corral-requests-20261201T0000Z-20261202T1451Z.csv',
    )
    expect(requestLogFilename(undefined, '2026-12-02T00:00:00+02:00', 'ndjson')).toBe(
      'corral-requests-start-20261201T2200Z.ndjson',
    )
  })
})
