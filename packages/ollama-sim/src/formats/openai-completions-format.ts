import type { GenerationSummary, OutputFormat } from '../inference/generation-types.ts'
import { goJson } from '../text/go-json.ts'
import { unixSeconds } from '../text/timestamps.ts'
import { fingerprint, shortId, sseDone, sseEvent, usage } from './openai-shapes.ts'

const zeroUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }

/**
 * `/v1/completions` as Ollama's `CompleteWriter` writes it: one event per native chunk, including the done
 * chunk. With `include_usage` every chunk carries a zeroed `usage` and an extra `choices: []` chunk carries
 * the real one (reference §4.2).
 */
export function openAiCompletionsFormat(model: string, includeUsage: boolean, stream: boolean): OutputFormat {
  const id = shortId('cmpl')
  const chunk = (text: string, finishReason: string | null, chunkModel = model): Record<string, unknown> => ({
    id,
    object: 'text_completion',
    created: unixSeconds(),
    choices: [{ text, index: 0, finish_reason: finishReason }],
    model: chunkModel,
    system_fingerprint: fingerprint,
    ...(includeUsage ? { usage: zeroUsage } : {}),
  })

  const done = (summary: GenerationSummary): string[] => {
    const last = chunk('', summary.doneReason)
    const events = [sseEvent(last)]
    if (includeUsage) events.push(sseEvent({ ...last, choices: [], usage: usage(summary) }))
    events.push(sseDone)
    return events
  }

  const whole = (summary: GenerationSummary): { contentType: string; body: string } => ({
    contentType: 'application/json',
    body:
      goJson({
        id,
        object: 'text_completion',
        created: unixSeconds(Date.parse(summary.createdAt)),
        model: summary.model,
        system_fingerprint: fingerprint,
        choices: [{ text: summary.content, index: 0, finish_reason: summary.doneReason || null }],
        usage: usage(summary),
      }) + '\n',
  })

  return {
    streamContentType: 'text/event-stream',
    // Thinking tokens reach this endpoint as chunks with empty text: only `response` is converted.
    piece: (piece) => [sseEvent(chunk(piece.content ?? '', null))],
    done,
    streamError: () => [sseEvent(chunk('', null, ''))],
    whole,
    load: (summary) =>
      stream ? { contentType: 'text/event-stream', body: done(summary).join('') } : whole(summary),
  }
}
