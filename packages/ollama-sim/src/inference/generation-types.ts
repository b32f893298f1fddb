/** A tool call as Ollama's native API writes it: `arguments` is an object and `index` is always present. */
export interface NativeToolCall {
  id: string
  function: { index: number; name: string; arguments: Record<string, unknown> }
}

/** One streamed chunk of model output: one token of thinking or content, or a tool call. */
export interface Piece {
  thinking?: string
  content?: string
  toolCalls?: NativeToolCall[]
}

/** Ollama's six metrics; durations are integer nanoseconds and every one is omitted when zero. */
export interface Metrics {
  total_duration: number
  load_duration: number
  prompt_eval_count: number
  prompt_eval_duration: number
  eval_count: number
  eval_duration: number
}

/** What the final chunk (or the single `stream: false` object) reports. */
export interface GenerationSummary {
  model: string
  createdAt: string
  doneReason: string
  content: string
  thinking: string
  toolCalls: NativeToolCall[]
  metrics: Metrics
  context?: number[]
}

export interface GenerationJob {
  /** The name as the client sent it: Ollama echoes it unchanged in `model`. */
  requestedModel: string
  stream: boolean
  pieces: Piece[]
  doneReason: 'stop' | 'length'
  promptTokens: number
  /** `/api/generate` returns `context` (prompt plus reply tokens) unless `raw` is set. */
  withContext: boolean
}

/** How one endpoint family puts the same generation on the wire. */
export interface OutputFormat {
  streamContentType: string
  /** Sent with a stream besides its Content-Type (the SSE middlewares add `Cache-Control` and `Connection`). */
  streamHeaders?: Record<string, string>
  /** Each string is one `res.write`: one NDJSON line or one SSE event. */
  piece(piece: Piece, createdAt: string): string[]
  done(summary: GenerationSummary): string[]
  /** What a failure after the first byte looks like on this endpoint. */
  streamError(message: string): string[]
  whole(summary: GenerationSummary): { contentType: string; body: string }
  /** The answer to a load request (empty prompt): `done_reason` `load` or `unload`, no metrics. */
  load(summary: GenerationSummary): { contentType: string; body: string }
}

export function withoutZeroMetrics(metrics: Metrics): Partial<Metrics> {
  const present: Partial<Metrics> = {}
  for (const key of Object.keys(metrics) as (keyof Metrics)[])
    if (metrics[key] !== 0) present[key] = metrics[key]
  return present
}

export function emptyMetrics(): Metrics {
  return {
    total_duration: 0,
    load_duration: 0,
    prompt_eval_count: 0,
    prompt_eval_duration: 0,
    eval_count: 0,
    eval_duration: 0,
  }
}
