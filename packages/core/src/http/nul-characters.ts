import type { FastifyInstance } from 'fastify'
import { Errors } from '../errors/corral-errors.ts'

/**
 * Where in a parsed JSON value (or query string) a string contains U+0000, as a path like `models/1`
 * (`''` for the value itself); undefined when there is none. PostgreSQL text cannot hold that
 * character, so such input failed deep in a query with a 500. Iterative, so a deeply nested body
 * cannot overflow the stack.
 */
export function findNulCharacter(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']]
  while (stack.length > 0) {
    const [current, path] = stack.pop()!
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}/${key}` : key
        if (key.includes('\u0000')) return childPath
        stack.push([child, childPath])
      }
    }
  }
  return undefined
}

export const nulCharacterMessage = (where: string) => `${where} must not contain a NUL character (U+0000)`

/**
 * One check for every route of Corral's own API (`/corral/*`): a NUL character anywhere in the body,
 * the query string or the path parameters is a 400 naming the field. The proxied Ollama and OpenAI
 * APIs are not checked here: their bodies go to Ollama, which accepts the character.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/corral/')) return
    for (const [part, value] of [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const) {
      const path = findNulCharacter(value)
      if (path !== undefined)
        throw new Errors.validation(nulCharacterMessage(path ? `${part}/${path}` : part))
    }
  })
}
