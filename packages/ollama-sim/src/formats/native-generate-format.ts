import type { GenerationSummary, OutputFormat } from '../inference/generation-types.ts'
import { withoutZeroMetrics } from '../inference/generation-types.ts'
import { jsonUtf8 } from '../http/responses.ts'
import { goJson } from '../text/go-json.ts'

/** `/api/generate`: NDJSON `GenerateResponse` lines, fields in Go's order (reference §3.6). */
export function nativeGenerateFormat(model: string): OutputFormat {
  return {
    streamContentType: 'application/x-ndjson',
    piece: (piece, createdAt) => [
      goJson({
        model,
        created_at: createdAt,
        response: piece.content ?? '',
        ...(piece.thinking ? { thinking: piece.thinking } : {}),
        done: false,
      }) + '\n',
    ],
    done: (summary) => [goJson(finalResponse(summary, false)) + '\n'],
    streamError: (message) => [goJson({ error: message }) + '\n'],
    whole: (summary) => ({ contentType: jsonUtf8, body: goJson(finalResponse(summary, true)) }),
    load: (summary) => ({
      contentType: jsonUtf8,
      body: goJson({
        model,
        created_at: summary.createdAt,
        response: '',
        done: true,
        done_reason: summary.doneReason,
      }),
    }),
  }
}

/** The last streamed line carries no text; the `stream: false` object carries all of it. */
function finalResponse(summary: GenerationSummary, whole: boolean): unknown {
  return {
    model: summary.model,
    created_at: summary.createdAt,
    response: whole ? summary.content : '',
    ...(whole && summary.thinking ? { thinking: summary.thinking } : {}),
    done: true,
    done_reason: summary.doneReason,
    ...(summary.context ? { context: summary.context } : {}),
    ...withoutZeroMetrics(summary.metrics),
  }
}
