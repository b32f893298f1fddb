import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'
import { startOllamaSim } from '@corral/ollama-sim'
import { call, strongPassword } from '../support/corral-api.ts'
import { rememberColorScheme } from '../support/in-page.ts'
import { admin, corralUrl, simUrl } from '../support/test-server-config.ts'
import { adminCall } from './support/admin-api.ts'
import { dialog, heading, signInToAdmin } from './support/admin-browser.ts'

/**
 * Screenshots of every admin page for docs/admin-panel.md, written to docs/screenshots/admin-*.png.
 * Run on request only: `npm run screenshots -w @corral/e2e` (the default test run skips @screenshots).
 */
const directory = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
/** Notifications come and go with timing; the pictures leave them out. */
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `${directory}admin-${name}.png`,
    style: '.mantine-Notifications-root { display: none }',
  })

interface Group {
  id: string
  name: string
}

/** Creates what does not exist yet, so the pictures show the same names on every run. */
async function ensure<T>(create: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
  return (await find()) ?? create()
}

async function group(name: string, body: Record<string, unknown>): Promise<Group> {
  return ensure(
    () => adminCall<Group>('POST', '/corral/v1/admin/groups', { name, ...body }),
    async () =>
      (await adminCall<{ groups: Group[] }>('GET', '/corral/v1/admin/groups')).groups.find(
        (g) => g.name === name,
      ),
  )
}

async function user(
  username: string,
  groupId: string,
  role: 'user' | 'admin' = 'user',
): Promise<{ id: string; password: string | undefined }> {
  const password = strongPassword()
  return ensure<{ id: string; password: string | undefined }>(
    async () => ({
      ...(await adminCall<{ id: string }>('POST', '/corral/v1/admin/users', {
        username,
        password,
        role,
        group: groupId,
      })),
      password,
    }),
    async () => {
      const found = (
        await adminCall<{ users: { id: string; username: string }[] }>(
          'GET',
          `/corral/v1/admin/users?q=${username}`,
        )
      ).users.find((candidate) => candidate.username === username)
      return found ? { id: found.id, password: undefined } : undefined
    },
  )
}

async function seed() {
  const research = await group('research', {
    description: 'The lab’s interactive work',
    priority: 7,
    weight: 2,
    limits: { requests_per_minute: 120 },
  })
  const interns = await group('interns', {
    priority: 3,
    limits: { daily_token_quota: 200_000, max_concurrency: 1 },
  })
  const batch = await group('batch', { priority: 2, weight: 0.5, models: ['llama3.2'] })
  const people = {
    ada: await user('ada', research.id),
    grace: await user('grace', research.id),
    linus: await user('linus', interns.id),
    margaret: await user('margaret', batch.id),
    alan: await user('alan', interns.id),
    barbara: await user('barbara', research.id),
  }
  await adminCall('PATCH', `/corral/v1/admin/users/${people.alan.id}`, { disabled: true })
  const keys: string[] = []
  for (const [owner, name, extra] of [
    ['ada', 'laptop', {}],
    ['grace', 'notebook', { expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString() }],
    ['margaret', 'nightly batch', { priority: 2, cidrs: ['10.0.0.0/8', '127.0.0.1'] }],
  ] as const) {
    const created = await adminCall<{ key: string }>(
      'POST',
      `/corral/v1/admin/users/${people[owner].id}/keys`,
      { name, ...extra },
    )
    keys.push(created.key)
  }
  // A little traffic, so last use, usage and the loaded model show.
  for (const key of keys)
    await fetch(`${corralUrl}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'Hello' }],
        stream: false,
      }),
    })
  await adminCall('POST', '/corral/v1/admin/registration-tokens', {
    max_uses: 5,
    group: 'interns',
    note: 'autumn interns',
  })
  const used = await adminCall<{ token: string }>('POST', '/corral/v1/admin/registration-tokens', {
    max_uses: 1,
    group: 'research',
    note: 'visiting researcher',
  })
  await call('POST', '/corral/v1/auth/register', {
    username: `visitor-${used.token.slice(-4).toLowerCase()}`,
    password: strongPassword(),
    registration_token: used.token,
  })
  return { people, research }
}

const setSim = (url: string, patch: Record<string, unknown>) =>
  fetch(`${url}/_sim/options`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  })

test.use({
  trace: 'off',
  contextOptions: { reducedMotion: 'reduce' },
  viewport: { width: 1280, height: 860 },
})

test.describe('admin docs screenshots @screenshots', () => {
  test.setTimeout(240_000)

  test('every page of the admin panel', async ({ page, browser }) => {
    const { people } = await seed()
    const gpu2 = await startOllamaSim({
      port: 0,
      tokenIntervalMs: 5,
      loadDelayMs: 5,
      pullChunkIntervalMs: 900,
    })
    try {
      await page.goto('/admin/')
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
      await shot(page, 'sign-in')
      await signInToAdmin(page, admin, '/admin/')
      const backend = await adminCall<{ id: string }>('POST', '/corral/v1/admin/backends', {
        url: gpu2.url,
        name: 'gpu-2',
        slots: 2,
      })

      await expect(page.getByTestId('stat-users')).not.toHaveText('…')
      await page.reload()
      await expect(page.getByTestId('audit-row').first()).toBeVisible()
      await shot(page, 'overview')

      await page.goto('/admin/users?sort=-last_active_at')
      await expect(page.getByTestId('user-row').first()).toBeVisible()
      await page.getByRole('checkbox', { name: 'Select linus' }).check()
      await page.getByRole('checkbox', { name: 'Select margaret' }).check()
      await shot(page, 'users')

      await page.goto(`/admin/users/${people.ada.id}`)
      await expect(heading(page, 'ada')).toBeVisible()
      await expect(page.getByTestId('key-row').first()).toBeVisible()
      await expect(page.getByText('No session: signed out everywhere.')).toBeVisible()
      await shot(page, 'user')

      await page.goto('/admin/groups')
      await expect(page.getByTestId('group-row').filter({ hasText: 'research' })).toBeVisible()
      await shot(page, 'groups')
      await page.getByRole('button', { name: 'Actions for research' }).click()
      await page.getByRole('menuitem', { name: 'Edit' }).click()
      await dialog(page).getByRole('slider').focus()
      await page.keyboard.press('ArrowRight')
      await dialog(page).getByRole('textbox', { name: 'Tokens per minute' }).fill('50000')
      await dialog(page).getByRole('button', { name: 'Review changes' }).click()
      await expect(dialog(page).getByTestId('change-list')).toBeVisible()
      await shot(page, 'group-review')
      await page.keyboard.press('Escape')

      await page.goto('/admin/keys?status=any')
      await expect(page.getByTestId('key-row').first()).toBeVisible()
      await shot(page, 'keys')
      await page.getByRole('button', { name: 'Create key' }).click()
      await dialog(page).getByRole('combobox', { name: 'Owner' }).fill('grace')
      await page.getByRole('option', { name: 'grace' }).click()
      await dialog(page).getByRole('textbox', { name: 'Name' }).fill('experiments')
      await dialog(page).getByRole('button', { name: 'Create key' }).click()
      await expect(page.getByTestId('created-key')).toBeVisible()
      await shot(page, 'key-created')
      await dialog(page).getByRole('button', { name: 'Done' }).click()

      await page.goto('/admin/invitations')
      await expect(page.getByTestId('invitation-row').first()).toBeVisible()
      await shot(page, 'invitations')
      await page.getByRole('button', { name: 'Invite people' }).click()
      await dialog(page).getByRole('textbox', { name: 'Note' }).fill('workshop guests')
      await dialog(page).getByRole('button', { name: 'Create invitation' }).click()
      await expect(page.getByTestId('invite-link')).toBeVisible()
      await shot(page, 'invitation-link')
      await dialog(page).getByRole('button', { name: 'Done' }).click()

      await page.goto('/admin/ip-allowlist')
      await page.getByRole('button', { name: 'Add an entry' }).click()
      await page.getByRole('textbox', { name: 'Address or range 1' }).fill('10.0.0.0/8')
      await page.getByRole('textbox', { name: 'Note 1' }).fill('office and VPN')
      await page.getByRole('button', { name: 'Add an entry' }).click()
      await page.getByRole('textbox', { name: 'Address or range 2' }).fill('2001:db8::/33x')
      await page.getByRole('switch', { name: /every address gets in/ }).check()
      await page.getByRole('textbox', { name: 'Test an address' }).fill('10.42.0.9')
      await page.getByRole('button', { name: 'Test', exact: true }).click()
      await expect(page.getByTestId('address-test-result')).toBeVisible()
      await shot(page, 'allowlist')

      await page.goto('/admin/settings')
      await page.getByRole('textbox', { name: 'Aging interval (seconds)' }).fill('20')
      await page.getByRole('textbox', { name: 'Output token weight' }).fill('3')
      await page.getByRole('button', { name: 'Review and save' }).click()
      await expect(dialog(page).getByTestId('change-list')).toBeVisible()
      await shot(page, 'settings-review')
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: 'Discard' }).click()
      await page.mouse.wheel(0, -5000)
      await shot(page, 'settings')

      await page.goto('/admin/backends')
      await page.getByRole('button', { name: 'Pull a model' }).click()
      await dialog(page).getByRole('combobox', { name: 'Model' }).fill('gemma3')
      await dialog(page).getByRole('button', { name: 'Pull' }).click()
      await expect(page.getByTestId('model-pull').first().getByRole('progressbar').first()).toHaveAttribute(
        'aria-valuenow',
        /^[1-9]/,
        { timeout: 20_000 },
      )
      await shot(page, 'backends')
      await page.getByRole('tab', { name: /Models/ }).click()
      await expect(page.getByTestId('model-row').first()).toBeVisible()
      await shot(page, 'models')
      await expect(page.getByTestId('model-pull').first()).toHaveAttribute(
        'data-status',
        /succeeded|failed/,
        {
          timeout: 90_000,
        },
      )

      await page.goto('/admin/audit')
      await page
        .getByTestId('audit-row')
        .filter({ hasText: 'group.create' })
        .first()
        .getByRole('button')
        .click()
      await shot(page, 'audit')

      await page.setViewportSize({ width: 820, height: 1180 })
      await page.goto('/admin/users')
      await expect(page.getByTestId('user-row').first()).toBeVisible()
      await shot(page, 'tablet')
      await page.setViewportSize({ width: 1280, height: 860 })

      await page.evaluate(rememberColorScheme, 'dark')
      await page.goto('/admin/backends')
      await expect(page.getByTestId('backend-card').first()).toBeVisible()
      await shot(page, 'dark')
      await page.evaluate(rememberColorScheme, 'light')

      // The session of a second admin ends while they fill a form.
      const other = await user('operator', (await group('research', {})).id, 'admin')
      const otherPassword = strongPassword()
      await adminCall('POST', `/corral/v1/admin/users/${other.id}/password`, { password: otherPassword })
      const second = await browser.newPage({
        viewport: { width: 1280, height: 860 },
        reducedMotion: 'reduce',
      })
      await signInToAdmin(second, { username: 'operator', password: otherPassword }, '/admin/groups')
      await second.getByRole('button', { name: 'Create group' }).click()
      await dialog(second).getByRole('textbox', { name: 'Name' }).fill('night-shift')
      await adminCall('POST', `/corral/v1/admin/users/${other.id}/password`, { password: strongPassword() })
      await dialog(second).getByRole('button', { name: 'Create group' }).click()
      await expect(second.getByRole('dialog', { name: 'Sign in again to continue' })).toBeVisible()
      await shot(second, 'session-ended')
      await second.close()
      await adminCall('PATCH', `/corral/v1/admin/users/${other.id}`, { role: 'user', disabled: true })

      const refused = await browser.newPage({ viewport: { width: 1280, height: 860 } })
      const visitor = await user('linus', (await group('interns', {})).id)
      const linusPassword = visitor.password ?? strongPassword()
      if (!visitor.password)
        await adminCall('POST', `/corral/v1/admin/users/${visitor.id}/password`, { password: linusPassword })
      await signInToAdmin(refused, { username: 'linus', password: linusPassword }, '/admin/')
      await expect(refused.getByRole('heading', { name: 'Administrators only' })).toBeVisible()
      await shot(refused, 'not-admin')
      await refused.close()

      await adminCall('DELETE', `/corral/v1/admin/backends/${backend.id}`)
    } finally {
      await setSim(simUrl, { pullChunkIntervalMs: 60 })
      await gpu2.close()
    }
  })
})
