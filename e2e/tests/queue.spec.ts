import { expect, test } from '@playwright/test'
import { createApiKey, createUser } from './support/corral-api.ts'
import { answers, signIn, startConversation } from './support/browser.ts'
import { holdTheSlot } from './support/hold-slot.ts'

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
