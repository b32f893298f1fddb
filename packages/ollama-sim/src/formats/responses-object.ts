import type { GenerationSummary } from '../inference/generation-types.ts'
import type { JsonObject } from '../http/read-body.ts'
import { sortKeys, Verbatim } from '../text/go-map-json.ts'

/** What a Responses response repeats from its request (`ToResponse`, `buildResponseObject`). */
export interface ResponsesEcho {
  model: string
  instructions: string
  truncation: string | undefined
  tools: JsonObject[]
  textFormat: JsonObject | undefined
  reasoningEffort: string
  reasoningSummary: string
  topP: number | undefined
  temperature: number | undefined
  maxOutputTokens: number | undefined
  background: boolean
}

export interface ResponsesIds {
  responseId: string
  itemId: string
}

/** `ResponsesUsage`: Ollama's counts, with the details it does not track yet as zeros. */
export function responsesUsage(summary: GenerationSummary): JsonObject {
  const { prompt_eval_count: input, eval_count: output } = summary.metrics
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  }
}

/** Where a response object goes: the stream events build it as a Go map, `stream: false` as a struct. */
export type ResponseShape = 'stream' | 'whole'

export interface ResponseState {
  status: string
  createdAt: number
  completedAt: number | null
  output: unknown[]
  /** Null until `response.completed`. */
  usage: JsonObject | null
}

/**
 * The Responses object, in `ToResponse`'s field order (a map's keys are sorted when written anyway).
 * The two shapes differ where Ollama's map and struct do: a map writes `reasoning.summary: null` and
 * flat tools, the struct leaves empty reasoning fields out and writes tools as `ResponsesTool`.
 */
export function responseObject(
  ids: ResponsesIds,
  echo: ResponsesEcho,
  state: ResponseState,
  shape: ResponseShape,
): JsonObject {
  return {
    id: ids.responseId,
    object: 'response',
    created_at: state.createdAt,
    completed_at: state.completedAt,
    status: state.status,
    incomplete_details: null,
    model: echo.model,
    previous_response_id: null,
    instructions: echo.instructions === '' ? null : echo.instructions,
    output: state.output,
    error: null,
    tools: echo.tools.map((tool) => responseTool(tool, shape)),
    tool_choice: 'auto',
    truncation: echo.truncation ?? 'disabled',
    parallel_tool_calls: true,
    text: { format: echo.textFormat ? textFormat(echo.textFormat, shape) : { type: 'text' } },
    top_p: echo.topP ?? 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: echo.temperature ?? 1,
    reasoning: reasoning(echo, shape),
    usage: state.usage,
    max_output_tokens: echo.maxOutputTokens ?? null,
    max_tool_calls: null,
    store: false,
    background: echo.background,
    service_tier: 'default',
    metadata: {},
    safety_identifier: null,
    prompt_cache_key: null,
  }
}

function reasoning(echo: ResponsesEcho, shape: ResponseShape): JsonObject | null {
  const { reasoningEffort: effort, reasoningSummary: summary } = echo
  if (!effort && !summary) return null
  if (shape === 'stream') return { effort: effort || null, summary: summary || null }
  return { ...(effort ? { effort } : {}), ...(summary ? { summary } : {}) }
}

/** Go writes a tool's `parameters` map with sorted keys in both shapes; only the struct has `tools`. */
function responseTool(tool: JsonObject, shape: ResponseShape): JsonObject {
  return {
    type: tool.type ?? '',
    name: tool.name ?? '',
    description: tool.description ?? null,
    strict: tool.strict ?? null,
    parameters: tool.parameters === undefined || tool.parameters === null ? null : sortKeys(tool.parameters),
    ...(shape === 'whole' && Array.isArray(tool.tools) && tool.tools.length > 0 ? { tools: tool.tools } : {}),
  }
}

/** `ResponsesTextFormat`: empty fields are left out; the schema is passed on as it came. */
function textFormat(format: JsonObject, shape: ResponseShape): JsonObject {
  // A `json.RawMessage`: kept as sent; in a map it must also escape the key sorting.
  const raw = (schema: unknown) => (shape === 'stream' ? new Verbatim(schema) : schema)
  return {
    type: format.type ?? '',
    ...(typeof format.name === 'string' && format.name !== '' ? { name: format.name } : {}),
    ...(format.schema !== undefined && format.schema !== null ? { schema: raw(format.schema) } : {}),
    ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
  }
}

/** Ollama's Responses ids: a prefix and a random number below 999999, not unique. */
export function randomId(prefix: string): string {
  return `${prefix}_${Math.floor(Math.random() * 999999)}`
}
