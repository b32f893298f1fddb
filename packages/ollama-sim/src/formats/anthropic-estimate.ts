import type { JsonObject } from '../http/read-body.ts'
import { goJson } from '../text/go-json.ts'
import { contentBlocks } from './anthropic-input.ts'

/**
 * `EstimateInputTokens` (`anthropic/anthropic.go`): the bytes of the system prompt, roles, texts, tool
 * blocks and tool definitions, divided by four. Ollama puts this guess in `message_start`, before the
 * prompt has been evaluated; the real count follows in `message_delta`.
 */
export function estimateInputTokens(system: unknown, messages: unknown[], tools: unknown[]): number {
  let bytes = systemBytes(system)
  for (const value of messages) {
    const message = (value ?? {}) as JsonObject
    bytes += byteLength(message.role)
    // Messages were already checked by `anthropicMessages`, so their content parses.
    for (const block of contentBlocks(message.content)) bytes += blockBytes(block)
  }
  for (const value of tools) {
    const tool = (value ?? {}) as JsonObject
    const schema = tool.input_schema === undefined ? '' : JSON.stringify(tool.input_schema)
    bytes += byteLength(tool.name) + byteLength(tool.description) + Buffer.byteLength(schema)
  }
  const tokens = Math.floor(bytes / 4)
  return tokens === 0 && (messages.length > 0 || (system !== undefined && system !== null)) ? 1 : tokens
}

function systemBytes(system: unknown): number {
  if (system === undefined || system === null) return 0
  if (typeof system === 'string') return Buffer.byteLength(system)
  if (Array.isArray(system)) {
    return system.reduce<number>((sum, block: unknown) => sum + blockBytes((block ?? {}) as JsonObject), 0)
  }
  return Buffer.byteLength(goJson(system))
}

function blockBytes(block: JsonObject): number {
  let bytes = byteLength(block.text) + byteLength(block.thinking)
  if (block.type === 'tool_use' || block.type === 'tool_result')
    bytes += Buffer.byteLength(goJson(goBlock(block)))
  return bytes
}

/** The block as Go's `ContentBlock` struct marshals it: its fields in order, empty ones left out. */
function goBlock(block: JsonObject): JsonObject {
  const fields = [
    'type',
    'text',
    'citations',
    'source',
    'id',
    'name',
    'input',
    'tool_use_id',
    'content',
    'is_error',
    'thinking',
    'signature',
  ]
  const ordered: JsonObject = {}
  for (const key of fields) {
    const value = block[key]
    if (value !== undefined && value !== null && value !== '' && value !== false) ordered[key] = value
  }
  return ordered
}

function byteLength(value: unknown): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : 0
}
