import { expect, test, type Locator } from '@playwright/test'
import { createUser, setSimOptions } from './support/corral-api.ts'
import { answers, messageBox, send, signIn, startConversation, streamingMessage } from './support/browser.ts'
import { watchStreamingLengths } from './support/in-page.ts'
import { defaultResponseTokens } from './support/test-server-config.ts'

test.afterEach(() => setSimOptions({ responseTokens: defaultResponseTokens }))

/** The part of the DOM the opacity probe uses; the e2e code is type-checked without the DOM library. */
interface Styled {
  parentElement: Styled | null
}
interface StyleGlobals {
  getComputedStyle(element: Styled): { opacity: string }
}

/** What the eye gets of an element: its opacity times that of every ancestor. */
const effectiveOpacity = (locator: Locator) =>
  locator.evaluate((element: Styled) => {
    const browser = globalThis as unknown as StyleGlobals
    let opacity = 1
    for (let node: Styled | null = element; node; node = node.parentElement)
      opacity *= Number(browser.getComputedStyle(node).opacity)
    return opacity
  })

test('streams an answer in pieces, then keeps the conversation across a reload', async ({ page }) => {
  await signIn(page, await createUser())
  const growth = page.evaluate(watchStreamingLengths)
  await startConversation(page, 'Tell me about quokkas')
  const lengths = await growth

  // The text grew over several renders before the answer was stored: it arrived in pieces.
  const seen = lengths.filter((length) => length > 0)
  expect(new Set(seen).size).toBeGreaterThanOrEqual(2)
  expect(seen).toEqual([...seen].sort((a, b) => a - b))
  await expect(answers(page)).toHaveCount(1)
  const answer = (await answers(page).textContent()) ?? ''
  expect(answer.length).toBeGreaterThanOrEqual(seen.at(-1)!)

  await page.reload()
  await expect(page.getByRole('link', { name: /Tell me about quokkas/ })).toBeVisible()
  await expect(page.locator('[data-testid="message"][data-role="user"]')).toHaveText(/Tell me about quokkas/)
  await expect(answers(page)).toHaveCount(1)

  // A second question in the same conversation, sent with Enter.
  await send(page, 'And wombats?')
  await expect(answers(page)).toHaveCount(2)
})

test('stops a long answer, keeps what had arrived and marks it as stopped', async ({ page }) => {
  await setSimOptions({ responseTokens: 2000 })
  await signIn(page, await createUser())
  await startConversation(page, 'Write a very long story')
  await expect(streamingMessage(page)).toHaveText(/\w+ \w+ \w+/)

  await page.getByRole('button', { name: 'Stop' }).click()
  const stopped = page.locator('[data-testid="message"][data-status="stopped"]')
  await expect(stopped).toHaveCount(1)
  await expect(streamingMessage(page)).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible()
  const words = ((await stopped.locator('.markdown').textContent()) ?? '').split(/\s+/).length
  expect(words).toBeLessThan(2000)

  // Marked where the eye sees it without hovering; only the message's actions wait for a hover.
  await page.mouse.move(0, 0)
  const badge = stopped.getByTestId('message-status')
  await expect(badge).toHaveText('Stopped')
  await expect.poll(() => effectiveOpacity(badge)).toBe(1)
  await expect.poll(() => effectiveOpacity(stopped.getByRole('button', { name: 'Copy message' }))).toBe(0)

  // Stored on the server as stopped, so it is still there after a reload.
  await page.reload()
  await expect(page.locator('[data-testid="message"][data-status="stopped"]')).toHaveCount(1)
})

test('regenerates the last answer and edits a question', async ({ page }) => {
  await setSimOptions({ responseTokens: 6 })
  await signIn(page, await createUser())
  await startConversation(page, 'First question')
  await expect(answers(page)).toHaveCount(1)
  const firstAnswer = await answers(page).getAttribute('data-message-id')

  await answers(page).hover()
  await page.getByRole('button', { name: 'Regenerate answer' }).click()
  await expect(answers(page)).toHaveCount(1)
  await expect(answers(page)).not.toHaveAttribute('data-message-id', firstAnswer!)
  const secondAnswer = await answers(page).getAttribute('data-message-id')

  const question = page.locator('[data-testid="message"][data-role="user"]')
  await question.hover()
  await page.getByRole('button', { name: 'Edit message' }).click()
  await page.getByRole('textbox', { name: 'Edit message' }).fill('A better question')
  await page.getByRole('button', { name: 'Save and send' }).click()
  await expect(question).toHaveText(/A better question/)
  await expect(answers(page)).toHaveCount(1)
  await expect(answers(page)).not.toHaveAttribute('data-message-id', secondAnswer!)
  await expect(messageBox(page)).toBeEditable()
})
