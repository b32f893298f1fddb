import { expect, test } from '@playwright/test'
import { createLimitedUser, createUser, injectSimFault } from './support/corral-api.ts'
import { answers, send, signIn, startConversation } from './support/browser.ts'

test('says so when the model fails in the middle of an answer', async ({ page }) => {
  await signIn(page, await createUser())
  await injectSimFault({ kind: 'mid-stream-error', afterChunks: 3 })
  await startConversation(page, 'This will break')
  const failure = page.getByTestId('chat-failure')
  await expect(failure).toContainText('The model failed to answer')
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible()

  const answer = (status: string) =>
    page.locator(`[data-testid="message"][data-role="assistant"][data-status="${status}"]`)
  await expect(answer('error')).toHaveCount(1) // what had arrived before the failure, marked as failed

  // Trying again replaces the failed answer with a whole one.
  await failure.getByRole('button', { name: 'Try again' }).click()
  await expect(answer('complete')).toHaveCount(1)
  await expect(answer('error')).toHaveCount(0)
  await expect(failure).toHaveCount(0)
})

test('shows a rate limit with the time to wait', async ({ page }) => {
  await signIn(page, await createLimitedUser({ requests_per_minute: 1 }))
  await startConversation(page, 'One')
  await expect(answers(page)).toHaveCount(1)
  await send(page, 'Two')
  await expect(page.getByTestId('chat-failure')).toContainText('Rate limit reached')
  await expect(page.getByTestId('chat-failure')).toContainText(/Try again in \d+ s/)
})
