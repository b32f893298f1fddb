import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'
import {
  accessToken,
  call,
  createApiKey,
  createLimitedUser,
  createUser,
  setSimOptions,
  type TestUser,
} from './support/corral-api.ts'
import { answers, send, signIn, startConversation, streamingMessage } from './support/browser.ts'
import { rememberColorScheme } from './support/in-page.ts'
import { holdTheSlot } from './support/hold-slot.ts'
import { defaultResponseTokens } from './support/test-server-config.ts'

/**
 * Screenshots for the docs, written to docs/screenshots/. Run on request only:
 * `npm run screenshots -w @corral/e2e` (the default test run skips the @screenshots tag).
 */
const directory = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const shot = (page: Page, name: string) => page.screenshot({ path: `${directory}${name}.png` })

const titles = [
  'Trip planning for Lisbon',
  'Regex for ISO dates',
  'Explain weighted fair queuing',
  'SQL window functions',
]

async function userWithHistory(): Promise<TestUser> {
  const user = await createUser('ada')
  const token = await accessToken(user)
  for (const title of titles)
    await call('POST', '/corral/v1/me/conversations', { model: 'llama3.2', title }, token)
  return user
}

// Still pictures: no trace recording, and no transitions caught halfway (the app honours reduced motion).
test.use({ trace: 'off', contextOptions: { reducedMotion: 'reduce' } })

test.describe('docs screenshots @screenshots', () => {
  test.afterEach(() => setSimOptions({ responseTokens: defaultResponseTokens }))

  test('chat, queue, keys and usage on a desktop', async ({ page }) => {
    const user = await userWithHistory()
    await signIn(page, user)
    await shot(page, 'new-chat')

    await setSimOptions({ responseTokens: 160 })
    await startConversation(page, 'What makes a fair scheduler for a shared GPU server?')
    await expect(streamingMessage(page)).toHaveText(/(\S+\s+){40}/)
    await shot(page, 'chat-streaming')
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect(streamingMessage(page)).toHaveCount(0)

    const { release } = await holdTheSlot(await createApiKey(await createUser('batch')))
    try {
      await page.getByRole('link', { name: 'New chat' }).click()
      await startConversation(page, 'Summarise this week’s meeting notes')
      await expect(page.getByTestId('queue-status')).toBeVisible()
      await expect(page.getByRole('link', { name: /Summarise this week/ })).toBeVisible()
      await shot(page, 'queue-position')
    } finally {
      release()
    }
    await expect(answers(page)).toHaveCount(1, { timeout: 30_000 })

    await page.goto('/keys')
    for (const name of ['laptop', 'nightly batch']) {
      await page.getByRole('button', { name: 'Create key' }).click()
      await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).fill(name)
      await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click()
      await expect(page.getByTestId('created-key')).toBeVisible()
      if (name === 'laptop') await shot(page, 'key-created')
      await page.getByRole('button', { name: 'Done' }).click()
      await expect(page.getByRole('dialog')).toHaveCount(0)
    }
    await shot(page, 'keys')

    // Usage is recorded in batches off the hot path: wait until it shows.
    const token = await accessToken(user)
    await expect
      .poll(
        async () =>
          (
            await call<{ totals: { requests: number } }>(
              'GET',
              '/corral/v1/me/usage?limit=0',
              undefined,
              token,
            )
          ).totals.requests,
      )
      .toBeGreaterThan(1)
    await page.goto('/usage')
    await page.getByText('7 days', { exact: true }).click()
    await expect(page.locator('.recharts-bar-rectangle path').first()).toBeVisible()
    await shot(page, 'usage')
  })

  test('phone width and dark theme', async ({ page }) => {
    const user = await userWithHistory()
    await page.addInitScript(rememberColorScheme, 'dark')
    await signIn(page, user)
    await startConversation(page, 'Give me three names for a llama')
    await expect(answers(page)).toHaveCount(1)
    await shot(page, 'dark')

    await page.setViewportSize({ width: 390, height: 844 })
    await page.evaluate(rememberColorScheme, 'light')
    await page.reload()
    await expect(answers(page)).toHaveCount(1)
    await shot(page, 'mobile-chat')
    await page.getByRole('button', { name: 'Toggle navigation' }).first().click()
    await expect(page.getByRole('link', { name: /Trip planning/ })).toBeVisible()
    await shot(page, 'mobile-navigation')
  })

  test('sign-in page and a rate limit', async ({ page }) => {
    await page.goto('/sign-in')
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
    await shot(page, 'sign-in')

    await signIn(page, await createLimitedUser({ requests_per_minute: 1 }))
    await startConversation(page, 'Plan a three-day trip to Lisbon')
    await expect(answers(page)).toHaveCount(1)
    await send(page, 'And a fourth day?')
    await expect(page.getByTestId('chat-failure')).toBeVisible()
    await shot(page, 'rate-limit')
  })
})
