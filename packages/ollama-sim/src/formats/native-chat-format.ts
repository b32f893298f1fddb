import type { GenerationSummary, OutputFormat, Piece } from '../inference/generation-types.ts'
import { withoutZeroMetrics } from '../inference/generation-types.ts'
import { jsonUtf8 } from '../http/responses.ts'
import { goJson } from '../text/go-json.ts'

/** `/api/chat`: NDJSON `ChatResponse` lines; `message.role` is always present (reference §3.7). */
export function nativeChatFormat(model: string): OutputFormat {
  return {
    streamContentType: 'application/x-ndjson',
    piece: (piece, createdAt) => [
      goJson({ model, created_at: createdAt, message: message(piece), done: false }) + '\n',
    ],
    done: (summary) => [goJson(finalResponse(summary, false)) + '\n'],
    streamError: (error) => [goJson({ error }) + '\n'],
    whole: (summary) => ({ contentType: jsonUtf8, body: goJson(finalResponse(summary, true)) }),
    load: (summary) => ({
      contentType: jsonUtf8,
      body: goJson({
        model,
        created_at: summary.createdAt,
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: summary.doneReason,
      }),
    }),
  }
}

function message(piece: Piece): unknown {
  return {
    role: 'assistant',
    content: piece.content ?? '',
    ...(piece.thinking ? { thinking: piece.thinking } : {}),
    ...(piece.toolCalls?.length ? { tool_calls: piece.toolCalls } : {}),
  }
}

function finalResponse(summary: GenerationSummary, whole: boolean): unknown {
  const text: Piece = whole
    ? { content: summary.content, thinking: summary.thinking, toolCalls: summary.toolCalls }
    : { content: '' }
  return {
    model: summary.model,
    created_at: summary.createdAt,
    message: message(text),
    done: true,
    done_reason: summary.doneReason,
    ...withoutZeroMetrics(summary.metrics),
  }
}
