import { expect, test } from '@playwright/test'
import { strongPassword, uniqueName } from '../support/corral-api.ts'
import { adminCall, createAccount } from './support/admin-api.ts'
import { dialog, heading, notification, signInToAdmin } from './support/admin-browser.ts'

test('a form being filled survives the end of the session and a new sign-in', async ({ page }) => {
  const other = await createAccount({ prefix: 'second-admin', role: 'admin' })
  try {
    await signInToAdmin(page, other, '/admin/groups')
    await expect(heading(page, 'Groups')).toBeVisible()
    const name = uniqueName('night-shift')
    await page.getByRole('button', { name: 'Create group' }).click()
    await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name)
    await dialog(page).getByRole('textbox', { name: 'Description' }).fill('typed before the session ended')

    // Another admin resets this admin's password: every session of theirs ends at once.
    const password = strongPassword()
    await adminCall('POST', `/corral/v1/admin/users/${other.id}/password`, { password })
    await dialog(page).getByRole('button', { name: 'Create group' }).click()

    const reauth = page.getByRole('dialog', { name: 'Sign in again to continue' })
    await expect(reauth).toBeVisible()
    await reauth.getByRole('textbox', { name: 'Password' }).fill(password)
    await reauth.getByRole('button', { name: 'Sign in' }).click()
    await expect(reauth).toHaveCount(0)

    const form = page.getByRole('dialog', { name: 'Create a group' })
    await expect(form.getByRole('textbox', { name: 'Name' })).toHaveValue(name)
    await expect(form.getByRole('textbox', { name: 'Description' })).toHaveValue(
      'typed before the session ended',
    )
    await form.getByRole('button', { name: 'Create group' }).click()
    await expect(notification(page, `Created the group ${name}`)).toBeVisible()
    await expect(page.getByTestId('group-row').filter({ hasText: name })).toBeVisible()
  } finally {
    await adminCall('PATCH', `/corral/v1/admin/users/${other.id}`, { role: 'user', disabled: true })
  }
})
