import { expect, test } from '@playwright/test'
import { admin } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { auditRows, dialog, heading, notification, signInToAdmin } from './support/admin-browser.ts'

test('changes settings, shows the diff before saving, checks bounds, and resets to defaults', async ({
  page,
}) => {
  try {
    await signInToAdmin(page, admin, '/admin/settings')
    await expect(heading(page, 'Settings')).toBeVisible()
    const aging = page.getByRole('textbox', { name: 'Aging interval (seconds)' })
    const cap = page.getByRole('textbox', { name: 'Queue cap', exact: true })
    await aging.fill('45')
    await cap.fill('2000')
    await expect(page.getByText('2 unsaved changes')).toBeVisible()

    // Bounds come from the API's schema and are checked while typing.
    const perUser = page.getByRole('textbox', { name: 'Per-user queue cap' })
    await perUser.fill('0')
    await expect(page.getByText('At least 1')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Review and save' })).toBeDisabled()
    await perUser.fill('100')

    await page.getByRole('button', { name: 'Review and save' }).click()
    const changes = dialog(page).getByTestId('change-list')
    await expect(changes.getByRole('row')).toHaveCount(3)
    await expect(changes).toContainText('Queue: Aging interval (seconds)')
    await expect(changes.getByRole('row', { name: /Aging interval/ })).toContainText(/30.*45/)
    await expect(changes.getByRole('row', { name: /Queue cap/ })).toContainText(/1,000.*2,000/)
    await dialog(page).getByRole('button', { name: 'Save 2 changes' }).click()
    await expect(notification(page, 'Saved 2 settings')).toBeVisible()
    await page.reload()
    await expect(aging).toHaveValue('45')

    await page.getByRole('button', { name: 'Reset Aging interval (seconds) to its default' }).click()
    await expect(aging).toHaveValue('30')
    await page.getByRole('button', { name: 'Reset all to defaults' }).click()
    await expect(cap).toHaveValue('1,000')
    await page.getByRole('button', { name: 'Review and save' }).click()
    await dialog(page).getByRole('button', { name: 'Save 2 changes' }).click()
    await expect(notification(page, 'Saved 2 settings')).toBeVisible()

    await expect((await auditRows(page, 'settings.update')).first()).toContainText(admin.username)
  } finally {
    await adminCall('PATCH', '/corral/v1/admin/settings', { queue: { aging_seconds: 30, max_length: 1000 } })
  }
})
