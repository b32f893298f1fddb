import { expect, test } from '@playwright/test'
import { strongPassword, uniqueName } from '../support/corral-api.ts'
import { newChatHeading } from '../support/browser.ts'
import { admin } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { auditRows, dialog, signInToAdmin } from './support/admin-browser.ts'

test('an invitation registers a user in the chat app, in its group, and shows who used it', async ({
  page,
  browser,
}) => {
  const group = await adminCall<{ id: string; name: string }>('POST', '/corral/v1/admin/groups', {
    name: uniqueName('interns'),
    priority: 3,
  })
  await signInToAdmin(page, admin, '/admin/invitations')
  await page.getByRole('button', { name: 'Invite people' }).click()
  await expect(page).toHaveURL(/create=1/)
  await dialog(page).getByRole('combobox', { name: 'Group' }).click()
  await page.getByRole('option', { name: group.name }).click()
  await dialog(page).getByRole('textbox', { name: 'Note' }).fill('for the e2e intern')
  await dialog(page).getByRole('button', { name: 'Create invitation' }).click()
  const link = ((await page.getByTestId('invite-link').textContent()) ?? '').trim()
  expect(link).toMatch(/\/register\?token=/)
  await expect(dialog(page).getByRole('button', { name: 'Copy the invitation link' })).toBeVisible()
  await dialog(page).getByRole('button', { name: 'Done' }).click()
  const row = page.getByTestId('invitation-row').filter({ hasText: 'for the e2e intern' })
  await expect(row).toContainText('0 / 1')
  await expect(row).toContainText(group.name)

  // Someone else, in another browser, opens the link and registers in the chat app.
  const username = uniqueName('intern')
  const password = strongPassword()
  const visitor = await browser.newPage()
  await visitor.goto(new URL(link).pathname + new URL(link).search)
  await visitor.getByRole('textbox', { name: 'Username' }).fill(username)
  await visitor.getByRole('textbox', { name: 'Password', exact: true }).fill(password)
  await visitor.getByRole('textbox', { name: 'Repeat the password' }).fill(password)
  await visitor.getByRole('button', { name: 'Create account' }).click()
  await expect(newChatHeading(visitor)).toBeVisible()
  await visitor.close()

  await page.reload()
  await expect(row).toContainText('1 / 1')
  await expect(row).toContainText('used up')
  await expect(row).toContainText(username)
  await page.goto(`/admin/users?group=${group.id}`)
  await expect(page.getByTestId('user-row')).toHaveText([new RegExp(username)])

  await expect((await auditRows(page, 'registration_token.create')).first()).toContainText(admin.username)
})
