import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { requestLogCsvColumns } from '@corral/contracts'
import { createApiKey } from '../support/corral-api.ts'
import { admin, corralUrl } from '../support/test-server-config.ts'
import { createAccount } from './support/admin-api.ts'
import { heading, signInToAdmin } from './support/admin-browser.ts'

/** One real request through the proxy, answered by the simulator: it becomes a usage record. */
async function infer(key: string, endpoint: '/api/chat' | '/api/generate'): Promise<void> {
  const body =
    endpoint === '/api/chat'
      ? { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false }
      : { model: 'llama3.2', prompt: 'hi', stream: false }
  const response = await fetch(corralUrl + endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  await response.text()
}

test('filters the request log in the page and by a shared URL that opens a drawer, exports, and tails live', async ({
  page,
}) => {
  // One scenario from two users' requests to a live tail: longer than the default minute on a busy machine.
  test.setTimeout(120_000)
  const chatter = await createAccount({ prefix: 'chatter' })
  const generator = await createAccount({ prefix: 'generator' })
  const chatterKey = await createApiKey(chatter)
  const generatorKey = await createApiKey(generator)
  await infer(chatterKey, '/api/chat')
  await infer(generatorKey, '/api/generate')

  await signInToAdmin(page, admin, '/admin/requests')
  await expect(heading(page, 'Request log')).toBeVisible()
  const rows = page.getByRole('table', { name: 'Requests' }).locator('tbody tr')
  await expect(rows.filter({ hasText: generator.username })).toHaveCount(1)

  // Filters through the page: an endpoint, then a user picked from a row.
  await page.getByRole('combobox', { name: 'Endpoint' }).click()
  await page.getByRole('option', { name: '/api/generate' }).click()
  await expect(page).toHaveURL(/endpoint=%2Fapi%2Fgenerate/)
  await expect(rows.filter({ hasText: chatter.username })).toHaveCount(0)
  await rows.filter({ hasText: generator.username }).getByRole('button', { name: generator.username }).click()
  await expect(page).toHaveURL(new RegExp(`user=${generator.id}`))
  await expect(rows).toHaveCount(1)

  // The row opens its drawer, and the drawer's URL opens it again anywhere.
  await rows.first().click()
  await expect(page).toHaveURL(/request=\d+/)
  const details = page.getByRole('table', { name: 'Request details' })
  await expect(details).toContainText(generator.username)
  await expect(details).toContainText('/api/generate')
  const shared = page.url()
  await page.goto('/admin/')
  await page.goto(shared)
  await expect(details).toContainText(generator.username)
  await expect(page.getByRole('combobox', { name: 'Endpoint' })).toHaveValue('/api/generate')
  await page.keyboard.press('Escape')
  await expect(page).not.toHaveURL(/request=/)

  // Exports of the filtered view.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  expect(csvDownload.suggestedFilename()).toMatch(/^corral-requests-start-\d{8}T\d{4}Z\.csv$/)
  const [header, ...lines] = (await readFile(await csvDownload.path(), 'utf8')).trim().split(/\r?\n/)
  expect(header).toBe(requestLogCsvColumns.join(','))
  expect(lines).toHaveLength(1)
  expect(lines[0]).toContain(`,${generator.username},`)
  expect(lines[0]).toContain(',/api/generate,')
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export NDJSON' }).click(),
  ])
  const records = (await readFile(await jsonDownload.path(), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { username: string; endpoint: string })
  expect(records).toEqual([
    expect.objectContaining({ username: generator.username, endpoint: '/api/generate' }),
  ])

  // The live tail shows a new request of this view within seconds, and nothing outside it.
  await page.getByRole('switch', { name: 'Live tail' }).check()
  await infer(chatterKey, '/api/chat')
  await infer(generatorKey, '/api/generate')
  await expect(rows).toHaveCount(2, { timeout: 5000 })
  await expect(rows.filter({ hasText: chatter.username })).toHaveCount(0)
})
