import { expect, test } from '@playwright/test'
import { createApiKey, createUser } from './support/corral-api.ts'
import { answers, signIn, startConversation } from './support/browser.ts'
import { corralUrl } from './support/test-server-config.ts'

/** Holds the simulator's only slot with a long streaming answer until `release` is called. */
async function holdTheSlot(key: string) {
  const controller = new AbortController()
  const response = await fetch(`${corralUrl}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hold' }],
      options: { num_predict: 3000 },
    }),
    signal: controller.signal,
  })
  const reader = response.body!.getReader()
  await reader.read() // streaming: the slot is taken
  return { release: () => controller.abort() }
}

test('shows the queue position while another request holds the only slot', async ({ page }) => {
  const slot = await holdTheSlot(await createApiKey(await createUser('batch')))
  try {
    await signIn(page, await createUser())
    await startConversation(page, 'Am I in line?')
    await expect(page.getByTestId('queue-status')).toContainText('Waiting in line: position 1')
    slot.release()
    await expect(page.getByTestId('queue-status')).toHaveCount(0)
    await expect(answers(page)).toHaveCount(1)
  } finally {
    slot.release()
  }
})

test('stops a request while it waits in the queue', async ({ page }) => {
  const slot = await holdTheSlot(await createApiKey(await createUser('batch')))
  try {
    await signIn(page, await createUser())
    await startConversation(page, 'Never mind')
    await expect(page.getByTestId('queue-status')).toBeVisible()
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect(page.getByTestId('queue-status')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Send' })).toBeVisible()
    await expect(answers(page)).toHaveCount(0)
  } finally {
    slot.release()
  }
})
