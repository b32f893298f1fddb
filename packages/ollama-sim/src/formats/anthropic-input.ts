import { HttpError } from '../http/http-error.ts'
import type { JsonObject } from '../http/read-body.ts'
import type { Think } from '../inference/request-options.ts'
import type { ChatMessage } from '../routes/chat-route.ts'

/**
 * `FromMessagesRequest`'s messages (`anthropic/anthropic.go`): the system prompt first, then each message's
 * text, with a user turn's `tool_result` blocks as tool messages before it. Content blocks are checked
 * as Ollama checks them; images are validated and then ignored.
 */
export function anthropicMessages(system: unknown, messages: unknown[]): ChatMessage[] {
  const converted: ChatMessage[] = []
  const systemText = textOf(system)
  if (systemText !== '') converted.push({ role: 'system', content: systemText })
  for (const value of messages) {
    const message = (value ?? {}) as JsonObject
    const role = typeof message.role === 'string' ? message.role.toLowerCase() : ''
    const blocks = contentBlocks(message.content)
    let text = ''
    const toolResults: ChatMessage[] = []
    let other = false
    for (const block of blocks) {
      if (block.type === 'text' && typeof block.text === 'string') text += block.text
      if (block.type === 'image') checkImage(block.source)
      if (block.type === 'tool_use') {
        if (!block.id) throw new HttpError(400, "tool_use block missing required 'id' field")
        if (!block.name) throw new HttpError(400, "tool_use block missing required 'name' field")
      }
      if (block.type === 'tool_result') toolResults.push({ role: 'tool', content: textOf(block.content) })
      if (block.type === 'tool_use' || block.type === 'server_tool_use' || block.type === 'image')
        other = true
      if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking !== '')
        other = true
    }
    if (role === 'user') converted.push(...toolResults)
    if (text !== '' || other) converted.push({ role, content: text })
    if (role !== 'user') converted.push(...toolResults)
  }
  return converted
}

/** `MessageParam.UnmarshalJSON`: a string is one text block; anything else must be a block list. */
export function contentBlocks(content: unknown): JsonObject[] {
  if (content === undefined) throw new HttpError(400, 'unexpected end of JSON input')
  if (content === null) return [{ type: 'text', text: '' }]
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  if (!Array.isArray(content)) {
    const kind = typeof content === 'object' ? 'object' : typeof content
    throw new HttpError(400, `json: cannot unmarshal ${kind} into Go value of type []anthropic.ContentBlock`)
  }
  return content.map(
    (block: unknown) => (typeof block === 'object' && block !== null ? block : {}) as JsonObject,
  )
}

/** The text of a system prompt or a tool result: a string, or the `text` blocks of a list. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (!Array.isArray(value)) return ''
  return value
    .map((block: unknown) => {
      const { type, text } = (block ?? {}) as JsonObject
      return type === 'text' && typeof text === 'string' ? text : ''
    })
    .join('')
}

function checkImage(source: unknown): void {
  if (typeof source !== 'object' || source === null) throw new HttpError(400, 'invalid image source')
  const { type, data } = source as JsonObject
  if (type !== 'base64') {
    throw new HttpError(
      400,
      `invalid image source type: ${typeof type === 'string' ? type : ''}. Only base64 images are supported.`,
    )
  }
  const text = typeof data === 'string' ? data : ''
  const bad = text.search(/[^A-Za-z0-9+/=]/)
  if (bad !== -1 || text.length % 4 !== 0) {
    const at = bad === -1 ? text.length - (text.length % 4) : bad
    throw new HttpError(400, `invalid base64 image data: illegal base64 data at input byte ${at}`)
  }
}

/** `thinking` wins over `output_config.effort`; a model that cannot think has it dropped later. */
export function anthropicThink(
  thinking: JsonObject | undefined,
  outputConfig: JsonObject | undefined,
): Think {
  if (thinking?.type === 'enabled') return true
  if (thinking?.type === 'disabled') return false
  const effort = typeof outputConfig?.effort === 'string' ? outputConfig.effort.trim().toLowerCase() : ''
  const level = effort === 'xhigh' ? 'high' : effort
  return level === 'high' || level === 'medium' || level === 'low' || level === 'max' ? level : undefined
}

/**
 * Anthropic tools as native ones. The built-in `web_search_*` tool becomes Ollama's `web_search` function
 * (Ollama then searches ollama.com when the model calls it; the simulator does not), and a custom tool
 * of that name is dropped beside it.
 */
export function anthropicTools(tools: unknown[]): unknown[] {
  const isWebSearch = (tool: JsonObject): boolean =>
    typeof tool.type === 'string' && tool.type.startsWith('web_search')
  const list = tools.map((tool) => (tool ?? {}) as JsonObject)
  const builtin = list.some(isWebSearch)
  return list
    .filter((tool) => isWebSearch(tool) || !(builtin && tool.name === 'web_search'))
    .map((tool) => (isWebSearch(tool) ? webSearchFunction : customTool(tool)))
}

function customTool(tool: JsonObject): unknown {
  const name = typeof tool.name === 'string' ? tool.name : ''
  const schema = tool.input_schema
  if (schema !== undefined && schema !== null && (typeof schema !== 'object' || Array.isArray(schema))) {
    const kind = Array.isArray(schema) ? 'array' : typeof schema
    throw new HttpError(
      400,
      `invalid input_schema for tool ${JSON.stringify(name)}: json: cannot unmarshal ${kind} into Go value of type api.ToolFunctionParameters`,
    )
  }
  const description = typeof tool.description === 'string' ? tool.description : ''
  return { type: 'function', function: { name, description, parameters: schema ?? {} } }
}

const webSearchFunction = {
  type: 'function',
  function: {
    name: 'web_search',
    description:
      'Search the web for current information. Use this to find up-to-date information about any topic.',
    parameters: {
      type: 'object',
      required: ['query'],
      properties: { query: { type: 'string', description: 'The search query to look up on the web' } },
    },
  },
}
