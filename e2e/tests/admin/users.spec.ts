import { expect, test } from '@playwright/test'
import { call, uniqueName } from '../support/corral-api.ts'
import { admin } from '../support/test-server-config.ts'
import { adminCall, createAccount, inBatches } from './support/admin-api.ts'
import { auditRows, dialog, heading, notification, signInToAdmin } from './support/admin-browser.ts'

test('creates a user with a generated password that is shown once', async ({ page }) => {
  await signInToAdmin(page, admin, '/admin/users')
  const username = uniqueName('grace')
  await page.getByRole('button', { name: 'Create user' }).click()
  await dialog(page).getByRole('textbox', { name: 'Username' }).fill(username)
  await dialog(page).getByRole('button', { name: 'Create user' }).click()
  await expect(dialog(page).getByText('this is the only time it is shown')).toBeVisible()
  const password = ((await page.getByTestId('generated-password').textContent()) ?? '').trim()
  expect(password.length).toBeGreaterThanOrEqual(16)
  await expect(notification(page, `Created ${username}`)).toBeVisible()

  // The password works, and once the dialog is closed the page no longer holds it.
  await call('POST', '/corral/v1/auth/login', { username, password })
  await dialog(page).getByRole('button', { name: 'Done' }).click()
  await expect(dialog(page)).toHaveCount(0)
  expect(await page.content()).not.toContain(password)
  await expect(page.getByTestId('user-row').filter({ hasText: username })).toBeVisible()

  const rows = await auditRows(page, 'user.create')
  await expect(rows.filter({ hasText: username })).toHaveCount(1)
})

test('searches, filters, sorts and pages on the server, and the URL restores the view', async ({ page }) => {
  const prefix = uniqueName('url')
  const names = Array.from({ length: 27 }, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`)
  const users = await inBatches(names, 4, (name) =>
    adminCall<{ id: string }>('POST', '/corral/v1/admin/users', { username: name, role: 'user' }),
  )
  await adminCall('POST', '/corral/v1/admin/users/bulk', { ids: [users[0]!.id], action: 'disable' })

  await signInToAdmin(page, admin, '/admin/users')
  await page.getByRole('textbox', { name: 'Search' }).fill(prefix)
  await expect(page).toHaveURL(new RegExp(`q=${prefix}`))
  await page.getByRole('combobox', { name: 'Status' }).click()
  await page.getByRole('option', { name: 'Active', exact: true }).click()
  await expect(page.getByTestId('page-summary')).toHaveText('1–26 of 26 users')
  await page.getByRole('button', { name: 'Username: sort descending' }).click()
  await page.getByRole('combobox', { name: 'Rows per page' }).click()
  await page.getByRole('option', { name: '25', exact: true }).click()
  await page.getByRole('button', { name: 'Page 2' }).click()
  await expect(page.getByTestId('page-summary')).toHaveText('26–26 of 26 users')
  await expect(page.getByTestId('user-row')).toHaveText([new RegExp(`${prefix}-01`)])
  await expect(page).toHaveURL(/status=active/)
  await expect(page).toHaveURL(/sort=-username/)
  await expect(page).toHaveURL(/page=2/)

  // A reload, or the link pasted elsewhere, shows the same page of the same view.
  await page.reload()
  await expect(page.getByTestId('page-summary')).toHaveText('26–26 of 26 users')
  await expect(page.getByRole('textbox', { name: 'Search' })).toHaveValue(prefix)
  await expect(page.getByRole('columnheader', { name: /Username/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  )

  // Back walks through the filter states: first page, then ascending order.
  await page.goBack()
  await expect(page.getByTestId('page-summary')).toHaveText('1–25 of 26 users')
  await expect(page.getByTestId('user-row').first()).toContainText(`${prefix}-26`)
  await page.goBack()
  await page.goBack()
  await expect(page.getByRole('columnheader', { name: /Username/ })).toHaveAttribute('aria-sort', 'ascending')
  await expect(page.getByTestId('user-row').first()).toContainText(`${prefix}-01`)
})

test('disables a selection after the count is typed, and enables it again', async ({ page }) => {
  const prefix = uniqueName('bulk')
  await inBatches([1, 2, 3], 3, (index) =>
    adminCall('POST', '/corral/v1/admin/users', { username: `${prefix}-${index}`, role: 'user' }),
  )
  await signInToAdmin(page, admin, `/admin/users?q=${prefix}`)
  await expect(page.getByTestId('user-row')).toHaveCount(3)
  await page.getByRole('checkbox', { name: 'Select every user on this page' }).check()
  await expect(page.getByTestId('bulk-bar')).toContainText('3 users selected')
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Disable' }).click()

  const confirm = dialog(page).getByRole('button', { name: 'Disable' })
  await expect(confirm).toBeDisabled()
  await dialog(page).getByTestId('type-to-confirm').fill('2')
  await expect(confirm).toBeDisabled()
  await dialog(page).getByTestId('type-to-confirm').fill('3')
  await confirm.click()
  await expect(notification(page, 'Disabled 3 users')).toBeVisible()
  await expect(page.getByTestId('user-row').filter({ hasText: 'disabled' })).toHaveCount(3)
  await expect(page.getByTestId('bulk-bar')).toHaveCount(0)

  await page.getByRole('checkbox', { name: 'Select every user on this page' }).check()
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Enable' }).click()
  await dialog(page).getByTestId('type-to-confirm').fill('3')
  await dialog(page).getByRole('button', { name: 'Enable' }).click()
  await expect(notification(page, 'Enabled 3 users')).toBeVisible()
  await expect(page.getByTestId('user-row').filter({ hasText: 'disabled' })).toHaveCount(0)

  const rows = await auditRows(page, 'user.update')
  await expect(rows.filter({ hasText: `${prefix}-2` })).toHaveCount(2) // disabled, then enabled
})

test('does not let an admin disable, delete or demote themselves, and says why', async ({ page }) => {
  await signInToAdmin(page, admin, `/admin/users?q=${admin.username}`)
  await page.getByRole('button', { name: `Actions for ${admin.username}` }).click()
  await expect(page.getByRole('menuitem', { name: 'Disable' })).toBeDisabled()
  await expect(page.getByRole('menuitem', { name: 'Delete' })).toBeDisabled()
  await expect(
    page.getByText('This is you: another admin can disable, demote or delete your account.'),
  ).toBeVisible()
  await page.getByRole('menuitem', { name: 'Change role or group' }).click()
  await expect(dialog(page).getByRole('combobox', { name: 'Role' })).toBeDisabled()
  await expect(dialog(page).getByText('You cannot demote yourself')).toBeVisible()
})

test('a user’s page shows their keys, sessions, usage and audit entries; a password reset ends their sessions', async ({
  page,
}) => {
  const user = await createAccount({ prefix: 'ada' })
  await call('POST', '/corral/v1/auth/login', user)
  await signInToAdmin(page, admin, `/admin/users?q=${user.username}`)
  await page.getByRole('link', { name: user.username }).click()
  await expect(heading(page, user.username)).toBeVisible()
  await expect(page.getByTestId('session-row')).toHaveCount(1)
  await expect(page.getByRole('heading', { name: 'Usage, last 30 days' })).toBeVisible()

  await page.getByRole('button', { name: 'Actions' }).click()
  await page.getByRole('menuitem', { name: 'Reset password' }).click()
  await dialog(page).getByRole('button', { name: 'Reset password' }).click()
  const password = ((await page.getByTestId('generated-password').textContent()) ?? '').trim()
  await dialog(page).getByRole('button', { name: 'Done' }).click()
  await expect(page.getByTestId('session-row')).toHaveCount(0)
  await call('POST', '/corral/v1/auth/login', { username: user.username, password })

  await expect(page.getByTestId('audit-row').filter({ hasText: 'user.password_reset' })).toHaveCount(1)
})
