import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'
import { createApiKey, createUser } from '../support/corral-api.ts'
import { holdTheSlot } from '../support/hold-slot.ts'
import { admin, corralUrl } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { dialog, heading, signInToAdmin } from './support/admin-browser.ts'

/**
 * Screenshots of the monitoring pages for docs/monitoring.md, written to docs/screenshots/monitoring-*.png.
 * Run on request only: `npm run screenshots -w @corral/e2e` (the default test run skips @screenshots).
 */
const directory = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `${directory}monitoring-${name}.png`,
    style: '.mantine-Notifications-root { display: none }',
  })

/** A short answer through the Ollama API; it waits in the queue while the slot is held. */
const ask = (key: string, tokens: number) =>
  fetch(`${corralUrl}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Summarise the meeting notes' }],
      stream: false,
      options: { num_predict: tokens },
    }),
  }).then((response) => response.text())

test.use({
  trace: 'off',
  contextOptions: { reducedMotion: 'reduce' },
  viewport: { width: 1280, height: 860 },
})

test.describe('monitoring docs screenshots @screenshots', () => {
  test.setTimeout(240_000)

  test('the queue board, dashboards, fairness, request log and alerts', async ({ page }) => {
    const people = await Promise.all(['ada', 'grace', 'linus', 'margaret'].map((name) => createUser(name)))
    const keys = await Promise.all(people.map((person) => createApiKey(person)))
    // Traffic for the dashboards and the log: different users, different amounts.
    for (const [index, key] of keys.entries())
      await Promise.all(Array.from({ length: 3 + index * 2 }, (_, n) => ask(key, 8 + n * 4)))

    const holder = await holdTheSlot(await createApiKey(await createUser('nightly-batch')))
    const waiting = keys.map((key) => ask(key, 4))
    try {
      await signInToAdmin(page, admin, '/admin/queue')
      await expect(page.getByTestId('waiting-row')).toHaveCount(keys.length)
      await expect(page.getByTestId('waiting-reason').first()).toBeVisible()
      await shot(page, 'queue-board')
    } finally {
      holder.release()
    }
    await Promise.all(waiting)

    await page.goto('/admin/dashboards?range=1h')
    await expect(page.getByTestId('stat-requests')).not.toHaveText(/^(…|0)$/)
    await expect(page.getByTestId('top-user').first()).toBeVisible()
    await shot(page, 'dashboards')

    await page.goto('/admin/fairness?range=1h')
    await expect(page.getByTestId(/^fairness-class-/).first()).toBeVisible()
    await shot(page, 'fairness')

    await page.goto('/admin/requests')
    const rows = page.getByRole('table', { name: 'Requests' }).locator('tbody tr')
    await expect(rows.nth(5)).toBeVisible()
    await shot(page, 'request-log')
    await rows.first().click()
    await expect(page.getByRole('table', { name: 'Request details' })).toBeVisible()
    await shot(page, 'request-drawer')
    await page.keyboard.press('Escape')

    const receiver = createServer((request, response) => {
      request.resume()
      request.on('end', () => response.writeHead(204).end())
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/corral`
      const target = await adminCall<{ id: string }>('POST', '/corral/v1/admin/alerts/targets', {
        name: 'ops-webhook',
        kind: 'generic',
        url,
      })
      await adminCall('POST', '/corral/v1/admin/alerts/rules', {
        name: 'GPU down',
        type: 'backend-down',
        params: { seconds: 60 },
        target_ids: [target.id],
      })
      await adminCall('POST', '/corral/v1/admin/alerts/rules', {
        name: 'Queue wait too long',
        type: 'queue-wait-p95',
        params: { threshold_ms: 30_000, window_seconds: 300 },
        target_ids: [target.id],
      })
      await adminCall('POST', `/corral/v1/admin/alerts/targets/${target.id}/test`)
      await page.goto('/admin/alerts')
      await expect(heading(page, 'Alerts')).toBeVisible()
      await expect(
        page.getByRole('table', { name: 'Delivery log' }).getByRole('row').filter({ hasText: 'delivered' }),
      ).toHaveCount(1)
      await expect(page.getByRole('table', { name: 'Webhook targets' })).toContainText('ops-webhook')
      await expect(page.getByRole('table', { name: 'Alert rules' })).toContainText('ops-webhook')
      await shot(page, 'alerts')
      await expect(dialog(page)).toHaveCount(0)
    } finally {
      receiver.close()
    }
  })
})
