import { HttpError } from '../http/http-error.ts'
import { goKind, type JsonObject } from '../http/read-body.ts'
import type { ChatMessage } from '../routes/chat-route.ts'

/**
 * `FromResponsesRequest`'s message list (`openai/responses.go`): `instructions` as a system message, then
 * `input`, a string or a list of items (messages, function calls and their outputs, reasoning). Errors carry
 * Ollama's wording and item indexes. Images are accepted and ignored, like everywhere in the simulator.
 */
export function responsesMessages(instructions: string, input: unknown): ChatMessage[] {
  const messages: ChatMessage[] = instructions === '' ? [] : [{ role: 'system', content: instructions }]
  if (input === undefined || input === null) return messages
  if (typeof input === 'string') {
    if (input !== '') messages.push({ role: 'user', content: input })
    return messages
  }
  if (!Array.isArray(input)) {
    throw new HttpError(400, `input must be a string or array: ${notAList(input)}`)
  }
  input.forEach((item: unknown, index) => {
    const message = inputItem(item, `input[${index}]`)
    if (message) messages.push(message)
  })
  return messages
}

function inputItem(value: unknown, where: string): ChatMessage | undefined {
  const item = (typeof value === 'object' && value !== null ? value : {}) as JsonObject
  const role = typeof item.role === 'string' ? item.role : ''
  const type = typeof item.type === 'string' && item.type !== '' ? item.type : role !== '' ? 'message' : ''
  switch (type) {
    case 'message':
      return { role, content: contentText(item.content, where) }
    case 'function_call':
      parseArguments(item.arguments)
      return { role: 'assistant', content: '' }
    case 'function_call_output':
      return { role: 'tool', content: outputText(item.output, where) }
    case 'reasoning':
    case 'web_search_call':
      return undefined
    case '':
      throw new HttpError(400, `${where}: input item missing required 'type' field`)
    default:
      throw new HttpError(400, `${where}: unknown input item type: ${JSON.stringify(type)}`)
  }
}

/** A message's `content`: a string, or parts of which only the text ones carry words. */
function contentText(content: unknown, where: string): string {
  if (content === undefined || content === null) return ''
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) {
    throw new HttpError(400, `${where}: content must be a string or array: ${notAList(content)}`)
  }
  return content.map((part: unknown, index) => partText(part, `${where}: content[${index}]`)).join('')
}

function outputText(output: unknown, where: string): string {
  if (output === undefined || output === null || typeof output === 'string') return output ?? ''
  if (!Array.isArray(output)) {
    throw new HttpError(400, `${where}: output must be a string or array: ${notAList(output)}`)
  }
  return output.map((part: unknown, index) => partText(part, `${where}: output[${index}]`)).join('')
}

function partText(value: unknown, where: string): string {
  const part = (typeof value === 'object' && value !== null ? value : {}) as JsonObject
  const text = typeof part.text === 'string' ? part.text : ''
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return text
    case 'input_image':
      return ''
    case 'input_file':
      throw new HttpError(400, 'file inputs are not currently supported')
    default:
      throw new HttpError(
        400,
        `${where}: unknown content type: ${typeof part.type === 'string' ? part.type : ''}`,
      )
  }
}

function parseArguments(text: unknown): void {
  if (typeof text !== 'string' || text === '') return
  try {
    JSON.parse(text)
  } catch (error) {
    throw new HttpError(400, `failed to parse function call arguments: ${(error as Error).message}`)
  }
}

function notAList(value: unknown): string {
  return `json: cannot unmarshal ${goKind(value)} into Go value of type []json.RawMessage`
}
