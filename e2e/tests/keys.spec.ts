import { expect, test } from '@playwright/test'
import { createUser, uniqueName } from './support/corral-api.ts'
import { signIn } from './support/browser.ts'
import { corralUrl } from './support/test-server-config.ts'

const tagsWith = (key: string) =>
  fetch(`${corralUrl}/api/tags`, { headers: { authorization: `Bearer ${key}` } })

test('creates an API key shown once, which works until it is revoked', async ({ page }) => {
  await signIn(page, await createUser())
  await page.getByRole('link', { name: 'API keys' }).click()
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible()

  const name = uniqueName('laptop')
  await page.getByRole('button', { name: 'Create key' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name)
  await dialog.getByRole('button', { name: 'Create key' }).click()
  await expect(dialog.getByText('only time the key is shown')).toBeVisible()
  const key = ((await dialog.getByTestId('created-key').textContent()) ?? '').trim()
  expect(key.length).toBeGreaterThan(20)
  expect((await tagsWith(key)).status).toBe(200)
  await dialog.getByRole('button', { name: 'Done' }).click()

  const row = page.getByTestId('api-key-row').filter({ hasText: name })
  await expect(row).toBeVisible()
  await expect(row).not.toContainText(key) // the list shows only the prefix
  await row.getByRole('button', { name: `Revoke ${name}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click()
  await expect(row).toHaveCount(0)

  // Revocation takes effect within a second or two.
  await expect.poll(async () => (await tagsWith(key)).status, { timeout: 5_000 }).toBe(401)
})

test('registers an Ollama CLI public key and shows its fingerprint', async ({ page }) => {
  await signIn(page, await createUser())
  await page.goto('/keys')
  await expect(page.getByText('cat ~/.ollama/id_ed25519.pub')).toBeVisible()
  // An ed25519 public key in OpenSSH format (the key material is 32 arbitrary bytes).
  const blob = Buffer.concat([
    Buffer.from([0, 0, 0, 11]),
    Buffer.from('ssh-ed25519'),
    Buffer.from([0, 0, 0, 32]),
    Buffer.alloc(32, 7),
  ]).toString('base64')
  await page.getByRole('textbox', { name: 'Public key' }).fill(`ssh-ed25519 ${blob} e2e@laptop`)
  await page.getByRole('button', { name: 'Register key' }).click()
  await expect(page.getByText(/^SHA256:/)).toBeVisible()
})
