import { HttpError } from '../http/http-error.ts'
import type { Think } from './request-options.ts'

/**
 * `thinkFromReasoningEffort` (`openai/openai.go`), shared by `/v1/chat/completions` and `/v1/responses`:
 * OpenAI's effort scale clamped to Ollama's think levels.
 */
export function thinkFromEffort(effort: string): Think {
  if (effort === '') return undefined
  if (effort === 'none') return false
  if (effort === 'minimal') return 'low'
  if (effort === 'low' || effort === 'medium' || effort === 'high' || effort === 'max') return effort
  if (effort === 'xhigh' || effort === 'ultra') return 'max'
  throw new HttpError(
    400,
    `invalid reasoning value: ${JSON.stringify(effort)} (must be "minimal", "low", "medium", "high", "xhigh", "ultra", "max", or "none")`,
  )
}
