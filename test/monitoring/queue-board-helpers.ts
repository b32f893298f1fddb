import { expect } from 'vitest'
import type { QueueSnapshot, SystemEvent } from '@corral/contracts'
import type { ApiClient } from '../support/api-client.ts'
import type { TestCorral } from '../support/test-corral.ts'

/** An /api/chat request on a raw fetch, streamed, with `tokens` output tokens. */
export function ollamaChat(corral: TestCorral, key: string, content: string, tokens = 5, stream = true) {
  return fetch(`${corral.url}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: 'llama3.2',
      messages: [{ role: 'user', content }],
      stream,
      options: { num_predict: tokens },
    }),
  })
}

export async function queueOf(admin: ApiClient): Promise<QueueSnapshot> {
  const snapshot = await admin.get<QueueSnapshot>('/corral/v1/admin/queue')
  expect(snapshot.status).toBe(200)
  return snapshot.body
}

/** Waits until exactly `count` requests wait, and returns them in queue order. */
export async function waitingRequests(admin: ApiClient, count: number): Promise<QueueSnapshot['waiting']> {
  await expect.poll(async () => (await queueOf(admin)).waiting.length, { timeout: 10_000 }).toBe(count)
  return (await queueOf(admin)).waiting
}

export async function runningRequests(admin: ApiClient, count: number): Promise<QueueSnapshot['running']> {
  await expect.poll(async () => (await queueOf(admin)).running.length, { timeout: 10_000 }).toBe(count)
  return (await queueOf(admin)).running
}

/** The events the bus publishes from now on, of one type. */
export function collectEvents<T extends SystemEvent['type']>(corral: TestCorral, type: T) {
  const events: Extract<SystemEvent, { type: T }>[] = []
  const stop = corral.corral.events.subscribe(
    (event) => events.push(event as Extract<SystemEvent, { type: T }>),
    {
      types: new Set([type]),
    },
  )
  return { events, stop }
}
