import { Compile } from 'typebox/compile'
import { chatClientFrames, type ChatClientFrame } from '@corral/contracts'
import { findNulCharacter, nulCharacterMessage } from '@corral/core'

const validators = Object.fromEntries(
  Object.entries(chatClientFrames).map(([type, schema]) => [type, Compile(schema)]),
) as Record<string, ReturnType<typeof Compile>>

export type ParsedFrame = { frame: ChatClientFrame } | { problem: string }

/**
 * Reads one client frame against its TypeBox schema (`packages/contracts`), like every route's body:
 * the WebSocket has no route schema of its own. A NUL character anywhere is refused as on the HTTP
 * routes (PostgreSQL cannot store it). The problem text names the field, never anything internal.
 */
export function parseClientFrame(text: string): ParsedFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: 'A frame must be a JSON object' }
  }
  const type = (value as { type?: unknown } | null)?.type
  const validator = typeof type === 'string' && Object.hasOwn(validators, type) ? validators[type] : undefined
  if (!validator || typeof type !== 'string')
    return { problem: `Unknown frame type; expected one of ${Object.keys(validators).join(', ')}` }
  if (!validator.Check(value)) {
    const [first] = validator.Errors(value)
    return {
      problem: `Invalid ${type} frame: ${first ? `${first.instancePath || 'frame'} ${first.message}` : 'malformed'}`,
    }
  }
  const nul = findNulCharacter(value)
  if (nul !== undefined) return { problem: nulCharacterMessage(nul) }
  return { frame: value as ChatClientFrame }
}
