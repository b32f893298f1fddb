import type { JsonObject } from '../http/read-body.ts'

/**
 * Responses tools (`{type, name, description, parameters}`, flat) as native tool definitions
 * (`{type, function: {…}}`), the way `FromResponsesRequest` converts them: a `namespace` expands to its
 * members with qualified names, and the built-in `web_search` becomes Ollama's private `web_search`
 * function. (Ollama then runs the search itself when the model calls it; the simulator does not.)
 */
export function responsesTools(tools: unknown[]): unknown[] {
  const hasWebSearch = tools.some((tool) => (tool as JsonObject | null)?.type === 'web_search')
  return tools.flatMap((value) => {
    const tool = (value ?? {}) as JsonObject
    if (tool.type === 'web_search') return [webSearchFunction]
    return expand(tool).filter((native) => !(hasWebSearch && native.function.name === 'web_search'))
  })
}

interface NativeTool {
  type: unknown
  function: { name: string; description: string; parameters: unknown }
}

function expand(tool: JsonObject): NativeTool[] {
  const name = typeof tool.name === 'string' ? tool.name : ''
  if (tool.type !== 'namespace') {
    const description = typeof tool.description === 'string' ? tool.description : ''
    return [{ type: tool.type, function: { name, description, parameters: tool.parameters ?? {} } }]
  }
  const members = Array.isArray(tool.tools) ? (tool.tools as JsonObject[]) : []
  return members.flatMap(expand).map((member) => {
    const prefix = name + '.'
    if (name === '' || member.function.name.startsWith(prefix)) return member
    return { ...member, function: { ...member.function, name: prefix + member.function.name } }
  })
}

const webSearchFunction: NativeTool = {
  type: 'function',
  function: {
    name: 'web_search',
    description: 'Search the web for current information.',
    parameters: {
      type: 'object',
      required: ['query'],
      properties: { query: { type: 'string', description: 'The search query.' } },
    },
  },
}
