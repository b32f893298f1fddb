import { expect, test } from '@playwright/test'
import { uniqueName } from '../support/corral-api.ts'
import { admin } from '../support/test-server-config.ts'
import { adminCall, createAccount } from './support/admin-api.ts'
import { auditRows, dialog, notification, signInToAdmin } from './support/admin-browser.ts'

test('creates a group, shows what an edit changes and for how many members, and refuses a stale save', async ({
  page,
}) => {
  const name = uniqueName('research')
  await signInToAdmin(page, admin, '/admin/groups')
  await page.getByRole('button', { name: 'Create group' }).click()
  await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name)
  await dialog(page).getByRole('slider').focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await dialog(page).getByRole('textbox', { name: 'Fair-share weight' }).fill('2')
  await dialog(page).getByRole('textbox', { name: 'Requests per minute' }).fill('60')
  await dialog(page).getByRole('button', { name: 'Create group' }).click()
  await expect(notification(page, `Created the group ${name}`)).toBeVisible()
  const row = page.getByTestId('group-row').filter({ hasText: name })
  await expect(row).toContainText('Requests per minute: 60')

  const group = (
    await adminCall<{ groups: { id: string; name: string; priority: number }[] }>(
      'GET',
      '/corral/v1/admin/groups',
    )
  ).groups.find((candidate) => candidate.name === name)!
  expect(group.priority).toBe(7)
  await Promise.all([createAccount({ group: group.id }), createAccount({ group: group.id })])
  await page.reload()

  // The review says what changes, for how many members, before anything is saved.
  await row.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  await dialog(page).getByRole('textbox', { name: 'Requests per minute' }).fill('120')
  await dialog(page).getByRole('button', { name: 'Review changes' }).click()
  await expect(dialog(page)).toContainText('Saving changes 1 setting for 2 members')
  const changes = dialog(page).getByTestId('change-list')
  await expect(changes).toContainText('Requests per minute')
  await expect(changes).toContainText('60')
  await expect(changes).toContainText('120')
  await dialog(page).getByRole('button', { name: 'Save changes' }).click()
  await expect(notification(page, `Saved the group ${name}`)).toBeVisible()
  await expect(row).toContainText('Requests per minute: 120')

  // Another admin saves while this form is open: the review says so, and compares with their version.
  await row.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Edit' }).click()
  await dialog(page).getByRole('textbox', { name: 'Fair-share weight' }).fill('4')
  await adminCall('PATCH', `/corral/v1/admin/groups/${group.id}`, { weight: 9 })
  await dialog(page).getByRole('button', { name: 'Review changes' }).click()
  await expect(dialog(page).getByText('Someone else saved first')).toBeVisible()
  await expect(dialog(page).getByRole('button', { name: 'Save changes' })).toBeDisabled()
  await dialog(page).getByRole('button', { name: 'Compare with the latest version' }).click()
  await expect(changes).toContainText('Fair-share weight')
  await expect(changes).toContainText('9')
  await dialog(page).getByRole('button', { name: 'Save changes' }).click()
  await expect(notification(page, `Saved the group ${name}`)).toBeVisible()
  await expect(row).toContainText('4')

  // A group with members cannot go, and the dialog says why after the name is typed.
  await row.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Delete' }).click()
  await expect(dialog(page)).toContainText('It still has 2 members')
  await dialog(page).getByTestId('type-to-confirm').fill(name)
  await dialog(page).getByRole('button', { name: 'Delete group' }).click()
  await expect(dialog(page).getByRole('alert')).toBeVisible()
  await dialog(page).getByRole('button', { name: 'Cancel' }).click()

  await expect((await auditRows(page, 'group.update')).filter({ hasText: name })).toHaveCount(3)
  await expect((await auditRows(page, 'group.create')).filter({ hasText: name })).toHaveCount(1)
})
