import { sha256Hex } from '../text/hash.ts'
import { fakeFromSchema } from './fake-values.ts'
import type { NativeToolCall } from './generation-types.ts'

interface ToolDefinition {
  function?: { name?: unknown; parameters?: unknown }
}

/**
 * The simulator calls a tool when the last user message names it, e.g. "use get_weather for Tokyo", so a
 * test decides whether a tool call happens. Arguments are filled from the tool's parameter schema.
 */
export function chooseToolCall(tools: unknown[], lastUserText: string): NativeToolCall | undefined {
  for (const tool of tools as ToolDefinition[]) {
    const name = tool?.function?.name
    if (typeof name !== 'string' || name === '' || !lastUserText.includes(name)) continue
    const args = fakeFromSchema(tool.function?.parameters ?? { type: 'object' }, `${name}:${lastUserText}`)
    return {
      id: callId(`${name}:${lastUserText}`),
      function: {
        index: 0,
        name,
        arguments: typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {},
      },
    }
  }
  return undefined
}

/** Ollama's ids look like `call_ab12cd34`; ours are derived from the request so they are reproducible. */
function callId(seed: string): string {
  return `call_${sha256Hex(seed).slice(0, 8)}`
}
