import { expect, test } from '@playwright/test'
import { createApiKey, createUser } from '../support/corral-api.ts'
import { holdTheSlot } from '../support/hold-slot.ts'
import { admin, corralUrl } from '../support/test-server-config.ts'
import { auditRows, dialog, notification, signInToAdmin } from './support/admin-browser.ts'

/** A short, non-streamed answer: it waits while the slot is held; resolves with its status. */
const ask = (key: string) =>
  fetch(`${corralUrl}/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
      options: { num_predict: 2 },
    }),
  }).then(async (response) => ({ status: response.status, body: await response.text() }))

test('the board shows a waiting request with its reason, and it disappears when cancelled', async ({
  page,
}) => {
  const holder = await holdTheSlot(await createApiKey(await createUser('holder')))
  try {
    const user = await createUser('waiter')
    const answer = ask(await createApiKey(user))
    await signInToAdmin(page, admin, '/admin/queue')
    const row = page.getByTestId('waiting-row').filter({ hasText: user.username })
    await expect(row).toBeVisible()
    await expect(row.getByTestId('waiting-reason')).toHaveText(/slot of .+ is busy/)
    await expect(row).toContainText('llama3.2')
    await expect(page.getByTestId('running-row').first()).toBeVisible()

    await row.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog(page)).toContainText(user.username)
    await expect(dialog(page)).toContainText('llama3.2')
    await dialog(page).getByRole('button', { name: 'Cancel the request' }).click()
    await expect(notification(page, `Cancelled ${user.username}`)).toBeVisible()
    await expect(row).toHaveCount(0)
    expect(await answer).toEqual({
      status: 503,
      body: JSON.stringify({ error: 'An operator cancelled this request' }),
    })
    await expect((await auditRows(page, 'queue.cancel')).first()).toContainText(admin.username)
  } finally {
    holder.release()
  }
})

test('a promoted request overtakes one that came before it', async ({ page }) => {
  const holder = await holdTheSlot(await createApiKey(await createUser('holder')))
  const finished: string[] = []
  const answers: Promise<unknown>[] = []
  try {
    const [early, late] = await Promise.all([createUser('early'), createUser('late')])
    const [earlyKey, lateKey] = await Promise.all([createApiKey(early), createApiKey(late)])
    await signInToAdmin(page, admin, '/admin/queue')
    const rows = page.getByTestId('waiting-row')
    const earlyAnswer = ask(earlyKey).then(() => finished.push('early'))
    await expect(rows.filter({ hasText: early.username })).toBeVisible()
    const lateAnswer = ask(lateKey).then(() => finished.push('late'))
    answers.push(earlyAnswer, lateAnswer)
    const lateRow = rows.filter({ hasText: late.username })
    await expect(lateRow).toBeVisible()
    await expect(rows.first()).toContainText(early.username)

    await lateRow.getByRole('button', { name: 'Promote' }).click()
    await expect(dialog(page)).toContainText(late.username)
    await dialog(page).getByTestId('promote-priority').fill('9')
    await dialog(page).getByRole('button', { name: 'Promote' }).click()
    await expect(rows.first()).toContainText(late.username)
    await expect(lateRow.getByTestId('priority')).toContainText('9 → 9')
    await expect(lateRow).toContainText('promoted from 5')
    await expect(rows.filter({ hasText: early.username }).getByTestId('waiting-reason')).toHaveText(
      '1 request of higher effective priority ahead',
    )
  } finally {
    holder.release()
  }
  await Promise.all(answers)
  expect(finished).toEqual(['late', 'early'])
})
