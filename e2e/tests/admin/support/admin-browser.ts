import { expect, type Page, type Request } from '@playwright/test'
import type { TestUser } from '../../support/corral-api.ts'

/** The admin panel's own sign-in page; one sign-in also serves the chat app (same cookie). */
export async function signInToAdmin(page: Page, user: TestUser, path = '/admin/'): Promise<void> {
  await page.goto(path)
  await expect(page).toHaveURL(/\/admin\/sign-in/)
  await page.getByRole('textbox', { name: 'Username' }).fill(user.username)
  await page.getByRole('textbox', { name: 'Password' }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).not.toHaveURL(/\/admin\/sign-in/)
}

export const heading = (page: Page, name: string) =>
  page.getByRole('heading', { name, exact: true, level: 2 })

/** The one dialog open now (Mantine renders closed ones nowhere). */
export const dialog = (page: Page) => page.getByRole('dialog')

/** Every admin API call the page makes from now on, to check that none was made. */
export function recordAdminRequests(page: Page): Request[] {
  const requests: Request[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/corral/v1/admin/')) requests.push(request)
  })
  return requests
}

/** The newest notification with this text (an earlier one may still be fading out). */
export const notification = (page: Page, text: string | RegExp) =>
  page.locator('.mantine-Notification-root').filter({ hasText: text }).last()

/** Opens the audit log filtered to one action and returns its rows. */
export async function auditRows(page: Page, action: string) {
  await page.goto(`/admin/audit?action=${encodeURIComponent(action)}`)
  await expect(heading(page, 'Audit log')).toBeVisible()
  return page.getByTestId('audit-row').filter({ has: page.getByText(action, { exact: true }) })
}
