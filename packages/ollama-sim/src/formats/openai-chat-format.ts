import type { GenerationSummary, OutputFormat, Piece } from '../inference/generation-types.ts'
import type { OpenAiStreamFormat } from '../types.ts'
import { goJson } from '../text/go-json.ts'
import { unixSeconds } from '../text/timestamps.ts'
import { fingerprint, openAiToolCalls, shortId, sseDone, sseEvent, usage } from './openai-shapes.ts'

/**
 * `/v1/chat/completions` as Ollama's `ChatWriter` writes it, in the current wire format (≥ 0.32.6: role in
 * the first chunk only, one pinned `created`, a separate finish chunk with an empty delta) or the legacy one
 * (role on every chunk, finish reason on the last content chunk). Reference §4.1.
 */
export function openAiChatFormat(
  model: string,
  includeUsage: boolean,
  wire: OpenAiStreamFormat,
): OutputFormat {
  const id = shortId('chatcmpl')
  const legacy = wire === 'legacy'
  let pinnedCreated: number | undefined
  let firstSent = false
  let toolCallSent = false

  const chunk = (choices: unknown[], chunkModel = model): Record<string, unknown> => ({
    id,
    object: 'chat.completion.chunk',
    created: legacy ? unixSeconds() : (pinnedCreated ??= unixSeconds()),
    model: chunkModel,
    system_fingerprint: fingerprint,
    choices,
  })

  const delta = (piece: Piece): Record<string, unknown> => {
    const includeRole = legacy || !firstSent
    firstSent = true
    if (piece.toolCalls?.length) toolCallSent = true
    return {
      ...(includeRole ? { role: 'assistant' } : {}),
      content: piece.content ?? '',
      ...(piece.thinking ? { reasoning: piece.thinking } : {}),
      ...(piece.toolCalls?.length ? { tool_calls: openAiToolCalls(piece.toolCalls) } : {}),
    }
  }

  const finishReason = (summary: GenerationSummary): string =>
    summary.doneReason === 'stop' && toolCallSent ? 'tool_calls' : summary.doneReason

  const done = (summary: GenerationSummary): string[] => {
    const events: string[] = []
    let last: Record<string, unknown>
    if (legacy) {
      last = chunk([{ index: 0, delta: delta({ content: '' }), finish_reason: finishReason(summary) }])
      events.push(sseEvent(last))
    } else {
      // Ollama skips the empty metrics trailer, unless nothing was sent yet: the stream still opens with a role.
      if (!firstSent)
        events.push(sseEvent(chunk([{ index: 0, delta: delta({ content: '' }), finish_reason: null }])))
      last = chunk([{ index: 0, delta: {}, finish_reason: finishReason(summary) }])
      events.push(sseEvent(last))
    }
    if (includeUsage) events.push(sseEvent({ ...last, choices: [], usage: usage(summary) }))
    events.push(sseDone)
    return events
  }

  return {
    streamContentType: 'text/event-stream',
    piece: (piece) => [sseEvent(chunk([{ index: 0, delta: delta(piece), finish_reason: null }]))],
    done,
    // Ollama decodes the native `{"error"}` line as an empty response: one empty chunk with no model, then
    // the stream just ends, without a finish chunk or [DONE] (reference §4.5).
    streamError: () => [
      sseEvent(chunk([{ index: 0, delta: delta({ content: '' }), finish_reason: null }], '')),
    ],
    whole: (summary) => ({ contentType: 'application/json', body: goJson(completion(id, summary)) + '\n' }),
    load: (summary) => ({ contentType: 'application/json', body: goJson(completion(id, summary)) + '\n' }),
  }
}

function completion(id: string, summary: GenerationSummary): unknown {
  const toolCalls = openAiToolCalls(summary.toolCalls)
  const reason = summary.doneReason === 'stop' && toolCalls.length > 0 ? 'tool_calls' : summary.doneReason
  return {
    id,
    object: 'chat.completion',
    created: unixSeconds(Date.parse(summary.createdAt)),
    model: summary.model,
    system_fingerprint: fingerprint,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: summary.content,
          ...(summary.thinking ? { reasoning: summary.thinking } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: reason || null,
      },
    ],
    usage: usage(summary),
  }
}
