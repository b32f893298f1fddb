import { EventBus } from '../../../packages/core/src/events/event-bus.ts'
import { EventOutbox } from '../../../services/gateway/src/events/event-outbox.ts'
import type { Row } from '../report/row.ts'

/** Requests simulated per measurement: enough for a stable CPU reading, a second or two at most. */
const requests = 200_000

/**
 * What the event stream adds to one request, on the CPU, without the noise of a whole stack: the
 * proxy's three events (queued, started, finished, with their real fields) published on the bus,
 * with nobody subscribed and with one admin's outbox (push, then serialising and writing in batches).
 * Measured in this process; the figure to set it against is Corral's CPU per request (the throughput
 * scenario's "requests per proxy CPU-second").
 */
export function eventPathCost(): Row[] {
  const alone = measure(false)
  const subscribed = measure(true)
  const scenario = 'event path, in process'
  return [
    {
      scenario,
      figure: 'publishing 3 events, nobody subscribed: CPU per request',
      unit: 'µs',
      values: { corral: alone },
    },
    {
      scenario,
      figure: 'publishing 3 events, one admin subscribed (batched SSE): CPU per request',
      unit: 'µs',
      values: { corral: subscribed },
    },
  ]
}

function measure(subscribe: boolean): number {
  const bus = new EventBus()
  let bytes = 0
  const outbox = new EventOutbox({ backlog: 0, write: (chunk) => void (bytes += chunk.length) }, () => {
    throw new Error('the outbox overflowed')
  })
  if (subscribe) bus.subscribe((event) => outbox.push(event))
  const requester = {
    request_id: '5f0e7a52-8d1c-4a5e-9d3f-2b7c1e9a4f60',
    user_id: '0b7d7c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
    username: 'ada',
    key_id: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
    group_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    model: 'llama3.2:latest',
    priority: 5,
  }
  const started = process.cpuUsage()
  for (let i = 0; i < requests; i++) {
    bus.publish({ type: 'request.queued', ...requester })
    bus.publish({ type: 'request.started', ...requester, backend_id: 'b', queue_wait_ms: 12 })
    bus.publish({
      type: 'request.finished',
      ...requester,
      backend_id: 'b',
      status: 200,
      prompt_tokens: 26,
      output_tokens: 4,
      queue_wait_ms: 12,
      time_to_first_token_ms: 40,
      duration_ms: 130,
      error: null,
    })
    // The outbox flushes on a timer; a tight loop never yields to it, so flush as often as a second's
    // worth of requests would (at a few thousand requests a second, every 100 ms is every ~500).
    if (subscribe && i % 500 === 499) outbox.flush()
  }
  outbox.flush()
  const used = process.cpuUsage(started)
  outbox.close()
  if (subscribe && bytes === 0) throw new Error('the subscriber received nothing')
  return (used.user + used.system) / requests
}
