import { expect, test } from '@playwright/test'
import { createUser } from '../support/corral-api.ts'
import { newChatHeading, signIn } from '../support/browser.ts'
import { admin } from '../support/test-server-config.ts'
import { dialog, heading, recordAdminRequests, signInToAdmin } from './support/admin-browser.ts'

test('signs an admin in, and the same sign-in serves the chat app', async ({ page }) => {
  await signInToAdmin(page, admin)
  await expect(heading(page, 'Overview')).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Admin pages' })).toBeVisible()

  // The refresh cookie is shared: the chat app opens signed in, and links back.
  // Exact: the overview's top users (a "chatter-…" left by another test) are links too.
  await page.getByRole('link', { name: 'Chat', exact: true }).click()
  await expect(newChatHeading(page)).toBeVisible()
  await page.getByRole('button', { name: 'Account' }).click()
  await page.getByRole('menuitem', { name: 'Admin panel' }).click()
  await expect(heading(page, 'Overview')).toBeVisible()
})

test('opens signed in when the chat app signed in first', async ({ page }) => {
  await signIn(page, admin)
  await page.goto('/admin/users')
  await expect(heading(page, 'Users')).toBeVisible()
})

test('refuses a non-admin without fetching any admin data', async ({ page }) => {
  const user = await createUser('not-admin')
  const adminRequests = recordAdminRequests(page)
  await signInToAdmin(page, user, '/admin/users')
  await expect(page.getByRole('heading', { name: 'Administrators only' })).toBeVisible()
  await expect(page.getByText(`${user.username} is not an administrator`)).toBeVisible()
  await page.goto('/admin/keys')
  await expect(page.getByRole('heading', { name: 'Administrators only' })).toBeVisible()
  expect(adminRequests.map((request) => request.url())).toEqual([])

  await page.getByRole('link', { name: 'Open the chat app' }).click()
  await expect(newChatHeading(page)).toBeVisible()
})

test('switches between light, dark and the system theme, and remembers the choice', async ({ page }) => {
  await signInToAdmin(page, admin)
  const scheme = () => page.locator('html').getAttribute('data-mantine-color-scheme')
  await page.getByRole('button', { name: /^Theme:/ }).click()
  await page.getByRole('menuitem', { name: 'Dark' }).click()
  await expect.poll(scheme).toBe('dark')
  await page.reload()
  await expect(heading(page, 'Overview')).toBeVisible()
  await expect.poll(scheme).toBe('dark')

  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByRole('button', { name: 'Theme: Dark' }).click()
  await page.getByRole('menuitem', { name: 'Same as the system' }).click()
  await expect.poll(scheme).toBe('light')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(scheme).toBe('dark')
})

test('is usable by keyboard: a skip link, focus kept inside dialogs, sortable headers announced', async ({
  page,
}) => {
  await signInToAdmin(page, admin, '/admin/users')
  await expect(heading(page, 'Users')).toBeVisible()

  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()

  const usernameHeader = page.getByRole('columnheader', { name: /Username/ })
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'ascending')
  await page.getByRole('button', { name: 'Last active: sort descending' }).press('Enter')
  await expect(page.getByRole('columnheader', { name: /Last active/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  )
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'none')
  await expect(page).toHaveURL(/sort=-last_active_at/)

  const opener = page.getByRole('button', { name: 'Create user' })
  await opener.focus()
  await page.keyboard.press('Enter')
  await expect(dialog(page)).toBeVisible()
  for (let step = 0; step < 15; step++) {
    await page.keyboard.press('Tab')
    await expect(dialog(page).locator(':focus')).toHaveCount(1)
  }
  await page.keyboard.press('Escape')
  await expect(dialog(page)).toHaveCount(0)
  await expect(opener).toBeFocused()
})

test('fits a tablet: the sidebar stays, and below that it becomes a drawer', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 })
  await signInToAdmin(page, admin, '/admin/users')
  await expect(page.getByRole('link', { name: 'API keys' })).toBeVisible()
  await expect(page.getByTestId('users-table')).toBeVisible()

  await page.setViewportSize({ width: 600, height: 900 })
  await expect(page.getByRole('link', { name: 'API keys' })).not.toBeInViewport()
  await page.getByRole('button', { name: 'Navigation' }).click()
  await page.getByRole('link', { name: 'API keys' }).click()
  await expect(heading(page, 'API keys')).toBeVisible()
})
