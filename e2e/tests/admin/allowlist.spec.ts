import { expect, test } from '@playwright/test'
import { admin } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { auditRows, dialog, heading, notification, signInToAdmin } from './support/admin-browser.ts'

test('checks entries as they are typed, tests addresses, and will not lock the admin out unasked', async ({
  page,
}) => {
  try {
    await signInToAdmin(page, admin, '/admin/ip-allowlist')
    await expect(heading(page, 'IP allowlist')).toBeVisible()
    await page.getByRole('button', { name: 'Add an entry' }).click()
    const range = page.getByRole('textbox', { name: 'Address or range 1' })
    await range.fill('10.0.0.0/33')
    await expect(page.getByText('Not an IPv4 or IPv6 address or range')).toBeVisible()
    await range.fill('10.20.30.40/8')
    await expect(page.getByText('Saved as 10.0.0.0/8')).toBeVisible()
    await page.getByRole('textbox', { name: 'Note 1' }).fill('office')
    await page.getByRole('button', { name: 'Add an entry' }).click()
    await page.getByRole('textbox', { name: 'Address or range 2' }).fill('2001:db8::/32')

    await page.getByRole('switch', { name: /every address gets in/ }).check()
    await expect(page.getByTestId('lockout-warning')).toContainText('127.0.0.1')

    // The server's own matcher answers, against the unsaved draft.
    const tester = page.getByRole('textbox', { name: 'Test an address' })
    await tester.fill('10.9.8.7')
    await page.getByRole('button', { name: 'Test', exact: true }).click()
    await expect(page.getByTestId('address-test-result')).toContainText('10.9.8.7 would be admitted')
    await expect(page.getByTestId('address-test-result')).toContainText('By the entry 10.0.0.0/8 (office)')
    await tester.fill('127.0.0.1')
    await page.getByRole('button', { name: 'Test', exact: true }).click()
    await expect(page.getByTestId('address-test-result')).toContainText('127.0.0.1 would be refused')
    await expect(page.getByTestId('address-test-result')).toContainText('This is your own address')

    // Saving this list needs an explicit override; without it, nothing is saved.
    await page.getByRole('button', { name: 'Review and save' }).click()
    await expect(dialog(page)).toContainText('You would lock yourself out')
    await expect(dialog(page).getByRole('button', { name: 'Save allowlist' })).toBeDisabled()
    await dialog(page).getByRole('button', { name: 'Cancel' }).click()

    await page.getByRole('button', { name: 'Add my address (127.0.0.1)' }).click()
    await expect(page.getByTestId('lockout-warning')).toHaveCount(0)
    await page.getByRole('button', { name: 'Review and save' }).click()
    await expect(dialog(page)).toContainText('Turns the allowlist on')
    await dialog(page).getByRole('button', { name: 'Save allowlist' }).click()
    await expect(notification(page, 'Saved the allowlist (3 entries)')).toBeVisible()
    await expect(page.getByTestId('unsaved-bar')).toHaveCount(0)

    // Removing an entry names it before the save.
    await page.getByRole('button', { name: 'Remove 2001:db8::/32' }).click()
    await page.getByRole('button', { name: 'Review and save' }).click()
    await expect(dialog(page).getByTestId('removed-entries')).toContainText('2001:db8::/32')
    await dialog(page).getByRole('button', { name: 'Save allowlist' }).click()
    await expect(notification(page, 'Saved the allowlist (2 entries)')).toBeVisible()

    await expect((await auditRows(page, 'ip_allowlist.update')).first()).toContainText(admin.username)
  } finally {
    await adminCall('PUT', '/corral/v1/admin/ip-allowlist', { enabled: false, entries: [] })
  }
})

test('the server refuses a lock-out list that did not come with the override', async () => {
  const refused = await adminCall('PUT', '/corral/v1/admin/ip-allowlist', {
    enabled: true,
    entries: [{ cidr: '192.0.2.0/24', note: 'not us' }],
  }).catch((error: Error) => error.message)
  expect(refused).toContain('409')
  expect(refused).toContain('CORRAL_ERR_ALLOWLIST_LOCKOUT')
})
