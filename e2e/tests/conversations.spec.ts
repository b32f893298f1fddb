import { expect, test } from '@playwright/test'
import { accessToken, call, createUser } from './support/corral-api.ts'
import { signIn } from './support/browser.ts'

test('searches, renames and deletes conversations in the sidebar', async ({ page }) => {
  const user = await createUser()
  const token = await accessToken(user)
  for (const title of ['Lisbon trip', 'Regex help', 'Lisbon restaurants']) {
    await call('POST', '/corral/v1/me/conversations', { model: 'llama3.2', title }, token)
  }
  await signIn(page, user)
  const sidebar = page.getByRole('navigation', { name: 'Conversations' })
  await expect(sidebar.getByRole('link')).toHaveCount(3)

  await page.getByRole('textbox', { name: 'Search conversations' }).fill('lisbon')
  await expect(sidebar.getByRole('link')).toHaveCount(2)
  await page.getByRole('button', { name: 'Clear search' }).click()
  await expect(sidebar.getByRole('link')).toHaveCount(3)

  await page.getByRole('button', { name: 'Actions for Regex help' }).click()
  await page.getByRole('menuitem', { name: 'Rename' }).click()
  await page.getByRole('dialog').getByRole('textbox', { name: 'Title' }).fill('Regular expressions')
  await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click()
  await expect(sidebar.getByRole('link', { name: /Regular expressions/ })).toBeVisible()

  await sidebar.getByRole('link', { name: /Lisbon trip/ }).click()
  await page.getByRole('button', { name: 'Actions for Lisbon trip' }).click()
  await page.getByRole('menuitem', { name: 'Delete' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
  await expect(sidebar.getByRole('link')).toHaveCount(2)
  await expect(page).toHaveURL(/\/$/) // the open conversation is gone, so back to a new chat
})

test('saves a system prompt and model parameters with the conversation', async ({ page }) => {
  const user = await createUser()
  const token = await accessToken(user)
  const { id } = await call<{ id: string }>(
    'POST',
    '/corral/v1/me/conversations',
    { model: 'llama3.2', title: 'Tuned' },
    token,
  )
  await signIn(page, user)
  await page.goto(`/c/${id}`)

  await page.getByRole('button', { name: 'Conversation settings' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: 'System prompt' }).fill('Answer like a pirate.')
  await dialog.getByRole('checkbox', { name: 'Model default' }).uncheck()
  await dialog.getByRole('textbox', { name: 'Context length (num_ctx)' }).fill('8192')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toHaveCount(0)

  const saved = await call<{ system_prompt: string; options: Record<string, number> }>(
    'GET',
    `/corral/v1/me/conversations/${id}`,
    undefined,
    token,
  )
  expect(saved.system_prompt).toBe('Answer like a pirate.')
  expect(saved.options).toEqual({ temperature: 0.8, num_ctx: 8192 })
})

test('attaches an image for a vision model', async ({ page }) => {
  await signIn(page, await createUser())
  await page.getByRole('combobox', { name: 'Model' }).click()
  await page.getByRole('option', { name: /llava/ }).click()
  // A 1×1 PNG.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  )
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png })
  await expect(page.getByRole('img', { name: 'Attachment 1' })).toBeVisible()
  await page.getByRole('textbox', { name: 'Message' }).fill('What is in this picture?')
  await page.getByRole('textbox', { name: 'Message' }).press('Enter')
  await page.waitForURL(/\/c\//)
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toHaveCount(1)

  await page.reload() // the image was stored with the question
  await expect(
    page.locator('[data-testid="message"][data-role="user"]').getByRole('img', { name: 'Image 1' }),
  ).toBeVisible()
})

test('remembers the dark theme', async ({ page }) => {
  await signIn(page, await createUser())
  await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible()
})
