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

/**
 * The response object of the stream events, built as a Go map (keys sorted when written). `usage` is
 * null until `response.completed`.
 */
export function streamResponse(
  ids: ResponsesIds,
  echo: ResponsesEcho,
  status: string,
  output: unknown[],
  usage: JsonObject | null,
): JsonObject {
  const format = echo.textFormat
  const reasoning =
    echo.reasoningEffort || echo.reasoningSummary
      ? { effort: echo.reasoningEffort || null, summary: echo.reasoningSummary || null }
      : null
  return {
    ...common(ids, echo, status, Math.floor(Date.now() / 1000)),
    output,
    tools: echo.tools.map((tool) => ({
      type: tool.type,
      name: tool.name,
      description: tool.description ?? null,
      strict: tool.strict ?? null,
      parameters: tool.parameters ?? null,
    })),
    text: { format: format ? textFormat(format, (schema) => new Verbatim(schema)) : { type: 'text' } },
    reasoning,
    usage,
  }
}

/** `ToResponse`'s struct, in its field order, for `stream: false`. */
export function wholeResponse(
  ids: ResponsesIds,
  echo: ResponsesEcho,
  summary: GenerationSummary,
  output: unknown[],
): JsonObject {
  return {
    id: ids.responseId,
    object: 'response',
    created_at: Math.floor(Date.parse(summary.createdAt) / 1000),
    completed_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    incomplete_details: null,
    model: echo.model,
    previous_response_id: null,
    instructions: echo.instructions === '' ? null : echo.instructions,
    output,
    error: null,
    tools: echo.tools.map(wholeTool),
    tool_choice: 'auto',
    truncation: echo.truncation ?? 'disabled',
    parallel_tool_calls: true,
    text: { format: echo.textFormat ? textFormat(echo.textFormat, (schema) => schema) : { type: 'text' } },
    top_p: echo.topP ?? 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: echo.temperature ?? 1,
    reasoning:
      echo.reasoningEffort || echo.reasoningSummary
        ? {
            ...(echo.reasoningEffort ? { effort: echo.reasoningEffort } : {}),
            ...(echo.reasoningSummary ? { summary: echo.reasoningSummary } : {}),
          }
        : null,
    usage: responsesUsage(summary),
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

function common(ids: ResponsesIds, echo: ResponsesEcho, status: string, createdAt: number): JsonObject {
  return {
    id: ids.responseId,
    object: 'response',
    created_at: createdAt,
    completed_at: null,
    status,
    incomplete_details: null,
    model: echo.model,
    previous_response_id: null,
    instructions: echo.instructions === '' ? null : echo.instructions,
    error: null,
    tool_choice: 'auto',
    truncation: echo.truncation ?? 'disabled',
    parallel_tool_calls: true,
    top_p: echo.topP ?? 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: echo.temperature ?? 1,
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

/** `ResponsesTextFormat`: empty fields are left out; the schema is passed on as it came. */
function textFormat(format: JsonObject, raw: (schema: unknown) => unknown): JsonObject {
  return {
    type: format.type ?? '',
    ...(typeof format.name === 'string' && format.name !== '' ? { name: format.name } : {}),
    ...(format.schema !== undefined && format.schema !== null ? { schema: raw(format.schema) } : {}),
    ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
  }
}

/** `ResponsesTool` as a struct: Go still writes its `parameters` map with sorted keys. */
function wholeTool(tool: JsonObject): JsonObject {
  return {
    type: tool.type ?? '',
    name: tool.name ?? '',
    description: tool.description ?? null,
    strict: tool.strict ?? null,
    parameters: tool.parameters === undefined || tool.parameters === null ? null : sortKeys(tool.parameters),
    ...(Array.isArray(tool.tools) && tool.tools.length > 0 ? { tools: tool.tools } : {}),
  }
}

/** Ollama's Responses ids: a prefix and a random number below 999999, not unique. */
export function randomId(prefix: string): string {
  return `${prefix}_${Math.floor(Math.random() * 999999)}`
}
