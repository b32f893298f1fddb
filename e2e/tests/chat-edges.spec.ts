import { expect, test, type WebSocketRoute } from '@playwright/test'
import {
  createApiKey,
  createInvite,
  createUser,
  injectSimFault,
  strongPassword,
  uniqueName,
} from './support/corral-api.ts'
import { answers, messageBox, signIn, startConversation } from './support/browser.ts'
import { holdTheSlot } from './support/hold-slot.ts'
import { corralUrl, simUrl } from './support/test-server-config.ts'

test('a question stopped while it waits in the queue goes back into the message box', async ({ page }) => {
  const slot = await holdTheSlot(await createApiKey(await createUser('batch')))
  try {
    await signIn(page, await createUser())
    await startConversation(page, 'Never mind, I will ask later')
    await expect(page.getByTestId('queue-status')).toBeVisible()
    await page.getByRole('button', { name: 'Stop' }).click()

    await expect(messageBox(page)).toHaveValue('Never mind, I will ask later')
    await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveCount(0)
    await expect(answers(page)).toHaveCount(0)
    // The server did not keep it either: a reload shows an empty conversation.
    await page.reload()
    await expect(page.locator('[data-testid="message"]')).toHaveCount(0)

    // Sent again once the slot is free, it is answered.
    slot.release()
    await messageBox(page).fill('Now then')
    await messageBox(page).press('Enter')
    await expect(answers(page)).toHaveCount(1)
  } finally {
    slot.release()
  }
})

test("errors are titled from the API's code and described by its message", async ({ page }) => {
  const invite = await createInvite()
  await page.goto(`/register?token=${encodeURIComponent(invite.token)}`)
  const password = strongPassword()
  await page.getByRole('textbox', { name: 'Username' }).fill('not a valid name!')
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password)
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()

  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Check what you entered')
  await expect(alert).toContainText('Username must match pattern')
  await expect(alert).not.toContainText('Something went wrong')

  await page.getByRole('textbox', { name: 'Username' }).fill(uniqueName('ok'))
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('password1')
  await page.getByRole('textbox', { name: 'Repeat the password' }).fill('password1')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(alert).toContainText('Choose a stronger password')
})

test('the new chat page and the model picker say when the model servers are down', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, await createUser())
  // Every health check of the only backend now fails, as if its Ollama had stopped.
  await injectSimFault({ kind: 'status', status: 500, path: '/api/tags', times: 1_000_000 })
  try {
    await expect.poll(readiness, { timeout: 30_000 }).toBe(503)
    await page.reload()
    const notice = page.getByTestId('models-unavailable')
    await expect(notice).toContainText('The model servers are down')
    await expect(notice).toContainText('none of the 1 configured answers')
    await expect(page.getByRole('combobox', { name: 'Model' })).toHaveAttribute(
      'placeholder',
      'Model servers are down',
    )
    await messageBox(page).fill('Anyone there?')
    await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled()
    await expect(page.getByText('No chat model is available to you')).toHaveCount(0)
  } finally {
    await fetch(`${simUrl}/_sim/faults`, { method: 'DELETE' })
    await expect.poll(readiness, { timeout: 60_000, intervals: [1000] }).toBe(200)
  }
  // The page notices by itself once a backend is back.
  await expect(page.getByTestId('models-unavailable')).toHaveCount(0, { timeout: 15_000 })
  await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled()
})

test('a chat socket closed because the session ended sends the user to sign in', async ({ page }) => {
  let socket: WebSocketRoute | undefined
  // The route passes every frame through to the real server; the test plays only the server's close.
  await page.routeWebSocket(/\/corral\/v1\/chat$/, (route) => {
    socket = route
    route.connectToServer()
  })
  await signIn(page, await createUser())
  await expect.poll(() => socket !== undefined).toBe(true)

  // Signed out elsewhere: the refresh token is revoked, so the access token cannot be renewed.
  const loggedOut = await page.evaluate(async () => {
    const response = await fetch('/corral/v1/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    return response.status
  })
  expect(loggedOut).toBeLessThan(300)
  await socket!.close({ code: 4401, reason: 'session ended' })

  await expect(page).toHaveURL(/\/sign-in/)
  await expect(page.getByText('Your session ended. Sign in again.')).toBeVisible()
})

async function readiness(): Promise<number> {
  return (await fetch(`${corralUrl}/readyz`)).status
}
