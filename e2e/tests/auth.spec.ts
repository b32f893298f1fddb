import { expect, test } from '@playwright/test'
import { createInvite, createUser, strongPassword, uniqueName } from './support/corral-api.ts'
import { newChatHeading, signIn } from './support/browser.ts'

test('signs in, stays signed in across reloads, and signs out', async ({ page }) => {
  const user = await createUser()
  await page.goto('/')
  await expect(page).toHaveURL(/\/sign-in$/)
  await signIn(page, user)

  // The access token lives in memory only: a reload gets a new one from the httpOnly refresh cookie.
  await page.reload()
  await expect(newChatHeading(page)).toBeVisible()

  await page.getByRole('button', { name: 'Account' }).click()
  await expect(page.getByText(`Signed in as ${user.username}`)).toBeVisible()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
})

test('shows the server’s reason when signing in fails', async ({ page }) => {
  await page.goto('/sign-in')
  await page.getByRole('textbox', { name: 'Username' }).fill('nobody-here')
  await page.getByRole('textbox', { name: 'Password' }).fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText('Invalid username or password')
})

test('sends a signed-out visitor to sign in and back to the page they asked for', async ({ page }) => {
  const user = await createUser()
  await page.goto('/keys')
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fkeys$/)
  await page.getByRole('textbox', { name: 'Username' }).fill(user.username)
  await page.getByRole('textbox', { name: 'Password' }).fill(user.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible()
})

test('registers with an invite link and lands signed in', async ({ page }) => {
  const invite = await createInvite()
  const username = uniqueName('invited')
  const password = strongPassword()

  await page.goto(`/register?token=${encodeURIComponent(invite.token)}`)
  await expect(page.getByRole('textbox', { name: 'Invite token' })).toHaveValue(invite.token)

  // A weak password is refused with the server's advice.
  await page.getByRole('textbox', { name: 'Username' }).fill(username)
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password1')
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill('password1')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('alert')).toContainText('too easy to guess')

  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password)
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(newChatHeading(page)).toBeVisible()
  await page.getByRole('button', { name: 'Account' }).click()
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible()
})
