import type { WaitingReason } from '@corral/contracts'
import type { Identity } from './identity.ts'

export interface ChatTurn {
  requestId: string
  identity: Identity
  model: string
  messages: { role: 'system' | 'user' | 'assistant'; content: string; images?: string[] }[]
  options?: Record<string, unknown>
  /** Aborting leaves the queue, or stops the answer and frees the backend slot at once. */
  signal: AbortSignal
}

export interface ChatCallbacks {
  /** About once a second while waiting; `reason` says why it waits (docs/monitoring.md). */
  onQueued(position: number, estimatedWaitMs: number, reason?: WaitingReason): void
  onStarted(queueWaitMs: number): void
  onDelta(content: string, thinking: string): void
}

export interface ChatOutcome {
  status: 'complete' | 'stopped' | 'error'
  content: string
  promptTokens: number
  outputTokens: number
  error?: string
  /** The stable code of `error` when it is not the backend's (an operator cancelled the answer). */
  code?: string
}

export interface ModelInfo {
  name: string
  family: string | null
  parameterSize: string | null
  capabilities: string[]
  loaded: boolean
}

/** What the gateway (chat WebSocket) asks of the proxy service: the same queue, limits and accounting as the API. */
export interface ProxyClient {
  /**
   * Runs one chat answer through the queue. Throws the usual errors (limits, queue full, model not
   * allowed) before it starts; after that, failures come back as `status: 'error'`.
   */
  chat(turn: ChatTurn, callbacks: ChatCallbacks): Promise<ChatOutcome>
  /** Models the caller may use, across every healthy backend. */
  models(identity: Identity): ModelInfo[]
}
