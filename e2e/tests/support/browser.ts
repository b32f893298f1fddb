import { expect, type Page } from '@playwright/test'
import type { TestUser } from './corral-api.ts'

export const newChatHeading = (page: Page) => page.getByRole('heading', { name: 'What can I help with?' })
export const messageBox = (page: Page) => page.getByRole('textbox', { name: 'Message' })
export const streamingMessage = (page: Page) => page.getByTestId('streaming-message')
export const answers = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]')

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/sign-in')
  await page.getByRole('textbox', { name: 'Username' }).fill(user.username)
  await page.getByRole('textbox', { name: 'Password' }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(newChatHeading(page)).toBeVisible()
}

/** Types a message and presses Enter, as a person would. */
export async function send(page: Page, text: string): Promise<void> {
  await messageBox(page).fill(text)
  await messageBox(page).press('Enter')
}

/** Starts a new conversation with a first message and waits until it is stored (the URL has its id). */
export async function startConversation(page: Page, text: string): Promise<void> {
  await send(page, text)
  await page.waitForURL(/\/c\/[0-9a-f-]{36}$/)
}
