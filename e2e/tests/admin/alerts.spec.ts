import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { admin } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { auditRows, dialog, heading, notification, signInToAdmin } from './support/admin-browser.ts'

test('creates a target and a rule, sends a test, and shows the delivery in the log', async ({ page }) => {
  // A webhook receiver on a real port, next to the test server.
  const received: { signature: string | undefined; body: string }[] = []
  const receiver = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      received.push({ signature: request.headers['x-corral-signature'] as string | undefined, body })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  const name = `ops-${Date.now()}`
  try {
    await signInToAdmin(page, admin, '/admin/alerts')
    await expect(heading(page, 'Alerts')).toBeVisible()

    await page.getByRole('button', { name: 'New target' }).click()
    await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name)
    await dialog(page).getByRole('textbox', { name: 'URL' }).fill('ftp://example.com/hook')
    await dialog(page).getByRole('button', { name: 'Create target' }).click()
    await expect(dialog(page).getByText('An http:// or https:// URL')).toBeVisible()
    await dialog(page).getByRole('textbox', { name: 'URL' }).fill(url)
    await dialog(page).getByRole('button', { name: 'Create target' }).click()
    await expect(dialog(page)).toContainText('this is the only time it is shown')
    const secret = await page.getByTestId('signing-secret').textContent()
    expect(secret).toMatch(/^corral_whsec_/)
    await dialog(page).getByRole('button', { name: 'Done' }).click()
    const targetRow = page
      .getByRole('table', { name: 'Webhook targets' })
      .getByRole('row')
      .filter({ hasText: name })
    await expect(targetRow).toContainText(url)

    await page.getByRole('button', { name: 'New rule' }).click()
    await dialog(page).getByRole('textbox', { name: 'Name' }).fill(`${name} down`)
    await dialog(page).getByRole('textbox', { name: 'Down for (seconds)' }).fill('30')
    await dialog(page).getByRole('combobox', { name: 'Send to' }).click()
    await page.getByRole('option', { name: `${name} (generic)` }).click()
    await dialog(page).getByRole('textbox', { name: 'Name' }).click()
    await dialog(page).getByRole('button', { name: 'Create rule' }).click()
    await expect(notification(page, `Created the rule ${name} down`)).toBeVisible()
    const ruleRow = page
      .getByRole('table', { name: 'Alert rules' })
      .getByRole('row')
      .filter({ hasText: `${name} down` })
    await expect(ruleRow).toContainText('Any backend down for 30 s')
    await expect(ruleRow).toContainText(name)
    await expect(ruleRow).toContainText('resolved')

    await targetRow.getByRole('button', { name: 'Send test' }).click()
    const logRow = page
      .getByRole('table', { name: 'Delivery log' })
      .getByRole('row')
      .filter({ hasText: name })
    await expect(logRow.first()).toContainText('delivered')
    await expect(logRow.first()).toContainText('204')
    await expect(logRow.first()).toContainText('test')
    expect(received).toHaveLength(1)
    expect(received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)

    await expect((await auditRows(page, 'alert_target.test')).first()).toContainText(admin.username)
  } finally {
    receiver.close()
    const { rules } = await adminCall<{ rules: { id: string; name: string }[] }>(
      'GET',
      '/corral/v1/admin/alerts/rules',
    )
    for (const rule of rules.filter((entry) => entry.name.startsWith(name))) {
      await adminCall('DELETE', `/corral/v1/admin/alerts/rules/${rule.id}`)
    }
    const { targets } = await adminCall<{ targets: { id: string; name: string }[] }>(
      'GET',
      '/corral/v1/admin/alerts/targets',
    )
    for (const target of targets.filter((entry) => entry.name === name)) {
      await adminCall('DELETE', `/corral/v1/admin/alerts/targets/${target.id}`)
    }
  }
})
