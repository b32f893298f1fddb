import { once } from 'node:events'
import Anthropic from '@anthropic-ai/sdk'
import { Ollama } from 'ollama'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SignedIn } from '../support/api-client.ts'
import { startCorralBehindCloudflare, type CloudflareStandIn } from '../support/cloudflare-stand-in.ts'
import type { TestCorral } from '../support/test-corral.ts'
import { usageRecordOf } from '../support/usage-record.ts'

/** Longer than Cloudflare's ~100 s, and than the stand-in's exact 100 s. */
const waitMs = 180_000
const chat = { model: 'llama3.2', messages: [{ role: 'user' as const, content: 'Why is the sky blue?' }] }
const prompt = { model: 'llama3.2', prompt: 'Tell me about llamas' }

interface Clients {
  ollama: Ollama
  openai: OpenAI
  anthropic: Anthropic
}

function clients(url: string, key: string): Clients {
  return {
    ollama: new Ollama({ host: url, headers: { Authorization: `Bearer ${key}` } }),
    openai: new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: key, baseURL: url, maxRetries: 0 }),
  }
}

/** Each official client's call, reduced to the text and counts it delivered (and its request id). */
const calls: Record<string, (clients: Clients) => Promise<{ text: string; counts: number[]; id?: string }>> =
  {
    'ollama-js chat, streamed': async ({ ollama }) => {
      let text = ''
      let counts: number[] = []
      for await (const part of await ollama.chat({ ...chat, stream: true })) {
        text += part.message.content
        if (part.done) counts = [part.prompt_eval_count, part.eval_count]
      }
      return { text, counts }
    },
    'ollama-js chat, not streamed': async ({ ollama }) => {
      const answer = await ollama.chat(chat)
      return { text: answer.message.content, counts: [answer.prompt_eval_count, answer.eval_count] }
    },
    'ollama-js generate, streamed': async ({ ollama }) => {
      let text = ''
      let counts: number[] = []
      for await (const part of await ollama.generate({ ...prompt, stream: true })) {
        text += part.response
        if (part.done) counts = [part.prompt_eval_count, part.eval_count]
      }
      return { text, counts }
    },
    'openai-node chat.completions, streamed': async ({ openai }) => {
      const { data: stream, response } = await openai.chat.completions
        .create({ ...chat, stream: true, stream_options: { include_usage: true } })
        .withResponse()
      let text = ''
      let counts: number[] = []
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? ''
        if (chunk.usage) counts = [chunk.usage.prompt_tokens, chunk.usage.completion_tokens]
      }
      return { text, counts, id: response.headers.get('x-corral-request-id') ?? undefined }
    },
    'openai-node chat.completions, not streamed': async ({ openai }) => {
      const { data, response } = await openai.chat.completions.create(chat).withResponse()
      return {
        text: data.choices[0]!.message.content ?? '',
        counts: [data.usage!.prompt_tokens, data.usage!.completion_tokens],
        id: response.headers.get('x-corral-request-id') ?? undefined,
      }
    },
    'anthropic-sdk messages, streamed': async ({ anthropic }) => {
      const stream = anthropic.messages.stream({ ...chat, max_tokens: 1024 })
      const message = await stream.finalMessage()
      const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('')
      return { text, counts: [message.usage.output_tokens] }
    },
  }

/**
 * Issue 13 item 6: behind Cloudflare, a request that waits more than ~100 s for its first byte (in
 * the queue, or for a model to load) got a 524. With keep-alives, every official client's request
 * waits 3 minutes behind the stand-in's real 100 s limit and arrives intact. All clients wait in the
 * same 3 minutes: the first holds the only slot (the model "loads" for 3 minutes), the rest queue.
 */
describe('through a Cloudflare tunnel, a 3-minute wait', () => {
  let corral: TestCorral
  let standIn: CloudflareStandIn
  let user: SignedIn
  let key: string
  let close: () => Promise<void>

  beforeAll(async () => {
    ;({ corral, standIn, user, key, close } = await startCorralBehindCloudflare(
      { ollamaSlots: 1, keepAlive: { mode: 'always', intervalMs: 30_000 } },
      { originTimeoutMs: 100_000, sim: { responseTokens: 12 } },
    ))
  })
  afterAll(() => close?.())

  it(
    'arrives intact through every official client with keep-alives, and no client warns',
    { timeout: waitMs + 60_000 },
    async () => {
      const names = Object.keys(calls)
      const direct = clients(corral.url, key)
      const expected = await Promise.all(names.map((name) => calls[name]!(direct)))
      const warnings = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')]
      const tunnel = clients(standIn.url, key)
      const started = performance.now()
      corral.sim.inject({ kind: 'slow-first-byte', delayMs: waitMs })
      const holding = once(corral.sim.events, 'inference-start')
      const first = calls[names[0]!]!(tunnel)
      await holding
      const answers = await Promise.all([first, ...names.slice(1).map((name) => calls[name]!(tunnel))])
      expect(performance.now() - started).toBeGreaterThan(waitMs)
      for (const [index, name] of names.entries())
        expect({ name, ...answers[index] }).toEqual({ name, ...expected[index], id: answers[index]!.id })
      for (const answer of answers.filter((candidate) => candidate.id)) {
        const record = await usageRecordOf(user.api, answer.id!)
        expect([record.status, record.prompt_tokens, record.output_tokens]).toEqual([200, ...answer.counts])
      }
      expect(standIn.timeouts).toBe(0)
      for (const warning of warnings) expect(warning).not.toHaveBeenCalled()
    },
  )
})

/** The same stand-in fails a wait past its limit when Corral sends no keep-alive: the test can fail. */
describe('through a Cloudflare tunnel without keep-alives', () => {
  let corral: TestCorral
  let standIn: CloudflareStandIn
  let key: string
  let close: () => Promise<void>

  beforeAll(async () => {
    ;({ corral, standIn, key, close } = await startCorralBehindCloudflare(
      { keepAlive: { mode: 'off', intervalMs: 30_000 } },
      { originTimeoutMs: 3000 },
    ))
  })
  afterAll(() => close?.())

  it('gives 524 to a stream that waits longer than the limit', async () => {
    const tunnel = clients(standIn.url, key)
    corral.sim.inject({ kind: 'slow-first-byte', delayMs: 6000, times: 2 })
    await expect(tunnel.ollama.chat({ ...chat, stream: true })).rejects.toMatchObject({ status_code: 524 })
    await expect(tunnel.openai.chat.completions.create({ ...chat, stream: true })).rejects.toMatchObject({
      status: 524,
    })
    expect(standIn.timeouts).toBe(2)
  })
})
