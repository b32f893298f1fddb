import { corralUrl } from './test-server-config.ts'

/**
 * Takes the test server's only backend slot with a long streaming answer (as another user's batch job
 * would), so the next request waits in the queue. `release` ends it; calling it twice is harmless.
 */
export async function holdTheSlot(apiKey: string): Promise<{ release: () => void }> {
  const controller = new AbortController()
  const response = await fetch(`${corralUrl}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hold' }],
      options: { num_predict: 3000 },
    }),
    signal: controller.signal,
  })
  await response.body!.getReader().read() // streaming: the slot is taken
  return { release: () => controller.abort() }
}
