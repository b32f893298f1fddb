import { expect, test } from '@playwright/test'
import { createApiKey, uniqueName } from '../support/corral-api.ts'
import { admin, corralUrl } from '../support/test-server-config.ts'
import { adminCall, createAccount } from './support/admin-api.ts'
import { heading, signInToAdmin } from './support/admin-browser.ts'

interface UsageRecords {
  records: { user_id: string; priority: number; prompt_tokens: number; output_tokens: number }[]
}
interface Settings {
  fairness: { input_token_weight: number; output_token_weight: number }
}

const quarter = 15 * 60_000

/** Real traffic through the simulator: two light users (weight 1) and one heavy (weight 3), in one class. */
async function serveTraffic(priority: number) {
  const people = []
  for (const [name, weight, requests] of [
    ['light', 1, 2],
    ['heavy', 3, 1],
  ] as const) {
    const group = await adminCall<{ id: string }>('POST', '/corral/v1/admin/groups', {
      name: uniqueName(`fair-${name}`),
      priority,
      weight,
    })
    const user = await createAccount({ prefix: name, group: group.id })
    const key = await createApiKey(user)
    people.push({ ...user, key, requests })
  }
  for (const person of people) {
    for (let index = 0; index < person.requests; index++) {
      const response = await fetch(`${corralUrl}/api/generate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${person.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'llama3.2',
          prompt: `question ${index} from ${person.username}`,
          stream: false,
        }),
      })
      expect(response.status).toBe(200)
      await response.text()
    }
  }
  return people
}

test('the dashboards and the fairness view show the traffic served, and figures open the request log', async ({
  page,
}) => {
  test.setTimeout(120_000)
  // A priority of its own, so other specs' traffic is not in this class.
  const priority = 2
  const started = Date.now()
  const people = await serveTraffic(priority)
  const from = new Date(Math.floor(started / quarter) * quarter).toISOString()
  const to = new Date(Math.ceil((Date.now() + 60_000) / quarter) * quarter).toISOString()
  // The recorder writes in batches: wait until the records are there, then compute shares from them.
  let records: UsageRecords['records'] = []
  await expect
    .poll(async () => {
      const usage = await adminCall<UsageRecords>(
        'GET',
        `/corral/v1/admin/usage?from=${from}&to=${to}&limit=1000`,
      )
      records = usage.records.filter((record) => record.priority === priority)
      return records.length
    })
    .toBeGreaterThanOrEqual(3)
  const settings = await adminCall<Settings>('GET', '/corral/v1/admin/settings')
  const weighted = (record: UsageRecords['records'][number]) =>
    settings.fairness.input_token_weight * record.prompt_tokens +
    settings.fairness.output_token_weight * record.output_tokens
  const total = records.reduce((sum, record) => sum + weighted(record), 0)

  await signInToAdmin(page, admin, `/admin/fairness?range=custom&from=${from}&to=${to}&tz=Asia/Kolkata`)
  await expect(heading(page, 'Fairness')).toBeVisible()
  await expect(page.getByTestId('stats-time-zone')).toHaveText('Asia/Kolkata')
  const card = page.getByTestId(`fairness-class-${priority}`)
  for (const [index, person] of people.entries()) {
    const served = records
      .filter((record) => record.user_id === person.id)
      .reduce((sum, r) => sum + weighted(r), 0)
    const row = card.getByTestId(`share-${priority}-${person.username}`)
    await expect(row.getByTestId('served')).toHaveText(`${((served / total) * 100).toFixed(1)} %`)
    // Entitled: weight ÷ the weights of the users served in the class (1 + 3).
    await expect(row.getByTestId('entitled')).toHaveText(index === 0 ? '25.0 %' : '75.0 %')
  }
  await expect(card.locator('.recharts-bar-rectangle:visible').first()).toBeVisible()

  await page.goto(`/admin/dashboards?range=custom&from=${from}&to=${to}`)
  await expect(heading(page, 'Dashboards')).toBeVisible()
  const requests = Number((await page.getByTestId('stat-requests').innerText()).replaceAll(/\D/g, ''))
  expect(requests).toBeGreaterThanOrEqual(3)
  await expect(
    page.getByTestId('chart-requests').locator('.recharts-bar-rectangle:visible').first(),
  ).toBeVisible()
  await expect(
    page.getByTestId('chart-queue-wait').locator('.recharts-bar-rectangle:visible').first(),
  ).toBeVisible()
  const topUsers = page.getByTestId('top-user')
  await expect(topUsers.getByRole('link', { name: people[0]!.username })).toBeVisible()
  await topUsers.getByRole('link', { name: people[0]!.username }).click()
  await expect(page).toHaveURL(/\/admin\/requests\?/)
  const url = new URL(page.url())
  expect(url.searchParams.get('user')).toBe(people[0]!.id)
  expect(url.searchParams.get('from')).toBe(from)
  expect(url.searchParams.get('to')).toBe(to)
})

test('a range the server refuses shows its reason in place of the charts', async ({ page }) => {
  await signInToAdmin(
    page,
    admin,
    '/admin/dashboards?range=custom&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
  )
  await expect(page.getByRole('alert').first()).toContainText('at most 400 days')
})
