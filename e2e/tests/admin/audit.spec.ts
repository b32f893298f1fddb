import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { auditCsvColumns } from '@corral/contracts'
import { admin } from '../support/test-server-config.ts'
import { createAccount } from './support/admin-api.ts'
import { heading, signInToAdmin } from './support/admin-browser.ts'

test('filters the audit log by actor, action and time, and exports that view as CSV', async ({ page }) => {
  const user = await createAccount({ prefix: 'audited' })
  await signInToAdmin(page, admin, '/admin/audit')
  await expect(heading(page, 'Audit log')).toBeVisible()

  await page.getByRole('textbox', { name: 'Actor' }).fill(admin.username)
  await page.getByRole('combobox', { name: 'Action' }).fill('user.create')
  await page.getByRole('combobox', { name: 'Target' }).click()
  await page.getByRole('option', { name: 'Users' }).click()
  await page.getByRole('button', { name: 'Last hour' }).click()
  await expect(page).toHaveURL(/actor=e2e-admin/)
  await expect(page).toHaveURL(/action=user.create/)
  await expect(page).toHaveURL(/type=user/)
  await expect(page).toHaveURL(/from=/)
  const rows = page.getByTestId('audit-row')
  await expect(rows.filter({ hasText: user.username })).toHaveCount(1)
  await expect(page.locator('[data-testid="audit-row"]:not([data-action="user.create"])')).toHaveCount(0)

  const row = rows.filter({ hasText: user.username })
  await row.getByRole('button', { name: 'Show the changes of user.create' }).click()
  await expect(page.getByTestId('change-list').first()).toBeVisible()

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  const csv = await readFile(await download.path(), 'utf8')
  const [header, ...lines] = csv.trim().split(/\r?\n/)
  expect(header).toBe(auditCsvColumns.join(','))
  expect(lines.some((line) => line.includes(user.username))).toBe(true)
  expect(lines.every((line) => line.includes(',user.create,'))).toBe(true)

  // The filtered view survives a reload.
  await page.reload()
  await expect(page.getByRole('textbox', { name: 'Actor' })).toHaveValue(admin.username)
  await expect(rows.filter({ hasText: user.username })).toHaveCount(1)
})
