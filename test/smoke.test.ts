import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ollama } from 'ollama'
import { createKey, signInAdmin } from './support/api-client.ts'
import { startTestCorral, type TestCorral } from './support/test-corral.ts'

describe('Corral end to end', () => {
  let corral: TestCorral
  beforeAll(async () => {
    corral = await startTestCorral()
  })
  afterAll(() => corral?.close())

  it('chats through the official ollama client with an API key', async () => {
    const admin = await signInAdmin(corral)
    const { key } = await createKey(admin.api)
    const ollama = new Ollama({ host: corral.url, headers: { Authorization: `Bearer ${key}` } })
    const answer = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hello' }] })
    expect(answer.message.content.length).toBeGreaterThan(0)
  })
})
