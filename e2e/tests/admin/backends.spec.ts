import { expect, test } from '@playwright/test'
import { startOllamaSim } from '@corral/ollama-sim'
import { uniqueName } from '../support/corral-api.ts'
import { admin, simUrl } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { auditRows, dialog, heading, notification, signInToAdmin } from './support/admin-browser.ts'

const setPullInterval = async (ms: number) => {
  const response = await fetch(`${simUrl}/_sim/options`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pullChunkIntervalMs: ms }),
  })
  expect(response.ok).toBe(true)
}

test('pulls a model with progress the server holds: it survives a reload', async ({ page }) => {
  await setPullInterval(700)
  try {
    await signInToAdmin(page, admin, '/admin/backends')
    await page.getByRole('button', { name: 'Pull a model' }).click()
    await dialog(page).getByRole('combobox', { name: 'Model' }).fill('mistral')
    await dialog(page).getByRole('button', { name: 'Pull' }).click()
    const pull = page.getByTestId('model-pull').filter({ hasText: 'mistral' }).first()
    await expect(pull).toHaveAttribute('data-status', 'running')
    await expect(pull.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]/)

    await page.reload()
    await expect(pull).toHaveAttribute('data-status', 'running')
    await expect(pull).toContainText(/\d+ %/)
    await expect(pull).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 })

    await page.getByRole('tab', { name: /Models/ }).click()
    await expect(page).toHaveURL(/tab=models/)
    await expect(page.getByTestId('model-row').filter({ hasText: 'mistral' })).toBeVisible({
      timeout: 20_000,
    })
    await expect((await auditRows(page, 'model.pull')).first()).toContainText(admin.username)
  } finally {
    await setPullInterval(60)
  }
})

test('cancels a pull that is still running', async ({ page }) => {
  await setPullInterval(1500)
  try {
    await signInToAdmin(page, admin, '/admin/backends')
    await page.getByRole('button', { name: 'Pull a model' }).click()
    await dialog(page).getByRole('combobox', { name: 'Model' }).fill('nomic-embed-text')
    await dialog(page).getByRole('button', { name: 'Pull' }).click()
    const pull = page.getByTestId('model-pull').filter({ hasText: 'nomic-embed-text' }).first()
    await expect(pull).toHaveAttribute('data-status', 'running')
    await pull.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog(page)).toContainText('It stops on')
    await dialog(page).getByRole('button', { name: 'Cancel the pull' }).click()
    await expect(notification(page, 'Cancelled the pull of nomic-embed-text')).toBeVisible()
    await expect(pull).toHaveAttribute('data-status', 'cancelled')
    await expect((await auditRows(page, 'model.pull_cancel')).first()).toContainText('nomic-embed-text')
  } finally {
    await setPullInterval(60)
  }
})

test('drains a backend and resumes it', async ({ page }) => {
  await signInToAdmin(page, admin, '/admin/backends')
  const card = page.getByTestId('backend-card').first()
  const name = (await card.getByRole('heading').textContent())!
  await card.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Drain' }).click()
  await expect(dialog(page)).toContainText('running requests finish')
  await dialog(page).getByRole('button', { name: 'Drain' }).click()
  await expect(notification(page, `Draining ${name}`)).toBeVisible()
  await expect(card).toContainText('draining')
  const backends = await adminCall<{ backends: { name: string; state: string }[] }>(
    'GET',
    '/corral/v1/admin/backends',
  )
  expect(backends.backends.find((backend) => backend.name === name)?.state).toBe('draining')

  await card.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Resume' }).click()
  await dialog(page).getByRole('button', { name: 'Resume' }).click()
  await expect(notification(page, `Resumed ${name}`)).toBeVisible()
  await expect(card.getByText('draining')).toHaveCount(0)
  await expect((await auditRows(page, 'backend.update')).first()).toContainText(name)
})

test('adds a backend, deletes a model from it alone, and removes it once its name is typed', async ({
  page,
}) => {
  const second = await startOllamaSim({ port: 0, tokenIntervalMs: 5, loadDelayMs: 5 })
  const name = uniqueName('gpu')
  try {
    await signInToAdmin(page, admin, '/admin/backends')
    await page.getByRole('button', { name: 'Add backend' }).click()
    await dialog(page).getByRole('textbox', { name: 'URL' }).fill(second.url)
    await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name)
    await dialog(page).getByRole('textbox', { name: 'Slots' }).fill('2')
    await dialog(page).getByRole('button', { name: 'Add backend' }).click()
    await expect(notification(page, `Added the backend ${name}`)).toBeVisible()
    const card = page.getByRole('region', { name: `Backend ${name}` })
    await expect(card).toContainText('healthy', { timeout: 20_000 })
    await expect(card.getByTestId('slots')).toHaveText('0 of 2 busy')

    await page.getByRole('tab', { name: /Models/ }).click()
    const model = page.getByTestId('model-row').filter({ hasText: 'all-minilm' })
    await expect(model).toContainText(name)
    await model.getByRole('button', { name: /Delete all-minilm/ }).click()
    // Every backend that has it is ticked; keep it on the test server's own backend.
    await dialog(page)
      .getByRole('checkbox', { name: new URL(simUrl).host })
      .uncheck()
    await expect(dialog(page)).toContainText(`is deleted from ${name}`)
    await dialog(page)
      .getByRole('button', { name: `Delete from ${name}` })
      .click()
    await expect(notification(page, new RegExp(`Deleted all-minilm.* on ${name}`))).toBeVisible()
    await expect(model).not.toContainText(name)

    await page.getByRole('tab', { name: /Backends/ }).click()
    await card.getByRole('button', { name: `Actions for ${name}` }).click()
    await page.getByRole('menuitem', { name: 'Remove' }).click()
    await expect(dialog(page).getByRole('button', { name: 'Remove backend' })).toBeDisabled()
    await dialog(page).getByTestId('type-to-confirm').fill(name)
    await dialog(page).getByRole('button', { name: 'Remove backend' }).click()
    await expect(notification(page, `Removed the backend ${name}`)).toBeVisible()
    await expect(card).toHaveCount(0)
    await expect(heading(page, 'Backends and models')).toBeVisible()

    await expect((await auditRows(page, 'model.delete')).first()).toContainText('all-minilm')
    await expect((await auditRows(page, 'backend.remove')).first()).toContainText(name)
  } finally {
    await second.close()
  }
})
