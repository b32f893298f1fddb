import { expect, test, type Response } from '@playwright/test'
import { adminToken, call, uniqueName } from '../support/corral-api.ts'
import { admin, corralUrl } from '../support/test-server-config.ts'
import { createAccount, inBatches } from './support/admin-api.ts'
import { auditRows, dialog, notification, signInToAdmin } from './support/admin-browser.ts'

const tagsWith = (key: string) =>
  fetch(`${corralUrl}/api/tags`, { headers: { authorization: `Bearer ${key}` } })

test('creates a key for any user, shows it once and never again, and revokes it', async ({ page }) => {
  const owner = await createAccount({ prefix: 'keyowner' })
  const name = uniqueName('batch')
  await signInToAdmin(page, admin, '/admin/keys')

  await page.getByRole('button', { name: 'Create key' }).click()
  await dialog(page).getByRole('combobox', { name: 'Owner' }).fill(owner.username)
  await page.getByRole('option', { name: owner.username }).click()
  await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name)
  await dialog(page).getByRole('combobox', { name: 'Priority' }).click()
  await page.getByRole('option', { name: '8', exact: true }).click()

  // Address ranges are checked as they are typed, with the server's own parser.
  const addresses = dialog(page).getByRole('combobox', { name: 'Allowed addresses' })
  await addresses.fill('10.0.0.300')
  await addresses.press('Enter')
  await expect(dialog(page).getByText('Not an address or range: 10.0.0.300')).toBeVisible()
  await addresses.press('Backspace') // removes the last entry
  await addresses.fill('127.0.0.1')
  await addresses.press('Enter')
  await expect(dialog(page).getByText(/Not an address or range/)).toHaveCount(0)

  await dialog(page).getByRole('button', { name: 'Create key' }).click()
  await expect(dialog(page).getByText('this is the only time it is shown')).toBeVisible()
  const key = ((await page.getByTestId('created-key').textContent()) ?? '').trim()
  expect((await tagsWith(key)).status).toBe(200)

  // From here on, no answer the page receives and nothing it shows holds the secret.
  const bodies: Promise<string>[] = []
  page.on('response', (response: Response) => {
    // Every API answer but the event stream, which stays open (and carries no secrets: docs/monitoring.md).
    const url = response.url()
    if (url.includes('/corral/v1/') && !url.includes('/corral/v1/admin/events'))
      bodies.push(response.text().catch(() => ''))
  })
  await dialog(page).getByRole('button', { name: 'Done' }).click()
  await expect(dialog(page)).toHaveCount(0)
  const row = page.getByTestId('key-row').filter({ hasText: name })
  await expect(row).toContainText(owner.username)
  await expect(row.getByTestId('masked-key')).toHaveText(
    new RegExp(`^${key.slice(0, 8)}.*…${key.slice(-4)}$`),
  )
  await page.reload()
  await expect(row).toBeVisible()
  expect(await page.content()).not.toContain(key)
  for (const body of await Promise.all(bodies)) expect(body).not.toContain(key)

  await row.getByRole('button', { name: `Revoke ${name} of ${owner.username}` }).click()
  await expect(dialog(page)).toContainText(owner.username)
  await dialog(page).getByRole('button', { name: 'Revoke key' }).click()
  await expect(notification(page, `Revoked ${name} of ${owner.username}`)).toBeVisible()
  await expect(row).toHaveCount(0) // the list shows active keys unless told otherwise
  await expect.poll(async () => (await tagsWith(key)).status, { timeout: 5_000 }).toBe(401)

  await page.getByRole('combobox', { name: 'Status' }).click()
  await page.getByRole('option', { name: 'Revoked' }).click()
  await expect(page).toHaveURL(/status=revoked/)
  await expect(row).toContainText('revoked')

  await expect(
    (await auditRows(page, 'api_key.create')).filter({ hasText: `${name} of ${owner.username}` }),
  ).toHaveCount(1)
  await expect((await auditRows(page, 'api_key.revoke')).filter({ hasText: name })).toHaveCount(1)
})

test('a total the server stopped counting reads “10,000+”, and the pager goes on to a short page', async ({
  page,
}) => {
  const owner = await createAccount({ prefix: 'capped' })
  const prefix = uniqueName('capped')
  const names = Array.from({ length: 30 }, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`)
  // One sign-in for all thirty: signing in for each would meet the login throttle.
  const token = await adminToken()
  await inBatches(names, 6, (name) =>
    call('POST', `/corral/v1/admin/users/${owner.id}/keys`, { name }, token),
  )
  // Past 10,000 matching keys the server stops counting (test/admin/capped-totals.test.ts seeds that
  // many); here its answer says so about thirty real keys, which are quicker to make.
  await page.route(/\/corral\/v1\/admin\/keys\?/, async (route) => {
    const response = await route.fetch()
    const body = (await response.json()) as Record<string, unknown>
    await route.fulfill({ response, json: { ...body, total: 10_000, total_exact: false } })
  })

  await signInToAdmin(page, admin, `/admin/keys?q=${prefix}&size=25`)
  await expect(page.getByTestId('page-summary')).toHaveText('1–25 of 10,000+ keys')
  // Every page up to the one holding key 10,001 exists; the dots say there may be more.
  await expect(page.getByRole('button', { name: 'Page 401' })).toBeVisible()
  await page.getByRole('button', { name: 'next page' }).click()
  await expect(page).toHaveURL(/page=2/)
  // A short page is the end: the count is known after all, and there is no next page.
  await expect(page.getByTestId('page-summary')).toHaveText('26–30 of 30 keys')
  await expect(page.getByRole('button', { name: 'next page' })).toBeDisabled()
})
