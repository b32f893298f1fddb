import type { FastifyBaseLogger } from 'fastify'
import type { ChatServerFrame } from '@corral/contracts'
import type {
  ChatOutcome,
  ChatTurn,
  ConversationsClient,
  Identity,
  ProxyClient,
  RetryAfter,
  StoredConversation,
  StoredMessage,
} from '@corral/core'
import { loggableError, presentMessage } from '@corral/core'

type SendFrame = (frame: ChatServerFrame) => void

export interface AnswerRequest {
  requestId: string
  conversationId: string
  /** What to do before answering: add a user message, drop the last answer, or rewrite a message. */
  prepare:
    | { kind: 'send'; content: string; images?: string[] }
    | { kind: 'regenerate' }
    | { kind: 'edit'; messageId: string; content: string }
}

/**
 * One signed-in chat connection. Each answer goes through the proxy's queue like any API request; the
 * conversation is stored as it goes (the user's message first, the answer when it ends, even when
 * stopped), so a dropped connection loses nothing that was already said.
 */
export class ChatSession {
  private readonly running = new Map<string, AbortController>()

  constructor(
    /** Replaced when the client re-authenticates with a fresh token; answers already running keep theirs. */
    public identity: Identity,
    private readonly conversations: ConversationsClient,
    private readonly proxy: ProxyClient,
    private readonly send: SendFrame,
    private readonly logger: FastifyBaseLogger,
  ) {}

  get userId(): string {
    return this.identity.userId
  }

  async answer(request: AnswerRequest): Promise<void> {
    const { requestId, conversationId } = request
    if (this.running.has(requestId)) {
      return this.send({
        type: 'error',
        request_id: requestId,
        code: 'CORRAL_ERR_CONFLICT',
        message: 'That request id is in use',
      })
    }
    const controller = new AbortController()
    this.running.set(requestId, controller)
    const identity = this.identity
    let question: StoredMessage | null = null
    let started = false
    try {
      const { conversation, history, userMessage } = await this.prepare(identity.userId, request)
      question = userMessage
      this.send({
        type: 'accepted',
        request_id: requestId,
        user_message: userMessage && presentMessage(userMessage),
      })
      const outcome = await this.proxy.chat(
        this.turn(requestId, identity, conversation, history, controller.signal),
        {
          onQueued: (position, estimatedWaitMs, reason) =>
            this.send({
              type: 'queued',
              request_id: requestId,
              position,
              estimated_wait_ms: Math.round(estimatedWaitMs),
              ...(reason ? { reason } : {}),
            }),
          onStarted: (queueWaitMs) => {
            started = true
            this.send({ type: 'started', request_id: requestId, queue_wait_ms: Math.round(queueWaitMs) })
          },
          onDelta: (content, thinking) =>
            this.send({ type: 'delta', request_id: requestId, content, ...(thinking ? { thinking } : {}) }),
        },
      )
      await this.finish(requestId, identity.userId, conversation, outcome)
    } catch (error) {
      // Refused before it started (limits, a full queue): the question was never asked, so it is not kept.
      if (question && !started) await this.forget(identity.userId, conversationId, question)
      this.fail(requestId, error, controller.signal.aborted)
    } finally {
      this.running.delete(requestId)
    }
  }

  stop(requestId: string): void {
    this.running.get(requestId)?.abort()
  }

  /** The socket closed: stop everything (partial answers are stored as stopped). */
  close(): void {
    for (const controller of this.running.values()) controller.abort()
  }

  private async prepare(userId: string, request: AnswerRequest) {
    const { conversationId, prepare } = request
    const { conversation, messages } = await this.conversations.getConversation(userId, conversationId)
    if (prepare.kind === 'regenerate') {
      return {
        conversation,
        history: await this.conversations.dropLastAnswer(userId, conversationId),
        userMessage: null,
      }
    }
    if (prepare.kind === 'edit') {
      const history = await this.conversations.editMessage(
        userId,
        conversationId,
        prepare.messageId,
        prepare.content,
      )
      return { conversation, history, userMessage: null }
    }
    const userMessage = await this.conversations.appendMessage(userId, conversationId, {
      role: 'user',
      content: prepare.content,
      images: prepare.images?.length ? prepare.images : null,
      model: null,
      status: 'complete',
      promptTokens: null,
      outputTokens: null,
    })
    return { conversation, history: [...messages, userMessage], userMessage }
  }

  private turn(
    requestId: string,
    identity: Identity,
    conversation: StoredConversation,
    history: StoredMessage[],
    signal: AbortSignal,
  ): ChatTurn {
    const system = conversation.systemPrompt
      ? [{ role: 'system' as const, content: conversation.systemPrompt }]
      : []
    const said = history
      .filter((message) => message.status !== 'error')
      .map((message) => ({
        role: message.role,
        content: message.content,
        ...(message.images ? { images: message.images } : {}),
      }))
    return {
      requestId,
      identity,
      model: conversation.model,
      messages: [...system, ...said],
      options: conversation.options,
      signal,
    }
  }

  private async finish(
    requestId: string,
    userId: string,
    conversation: StoredConversation,
    outcome: ChatOutcome,
  ): Promise<void> {
    const stored =
      outcome.content || outcome.status === 'complete'
        ? await this.conversations.appendMessage(userId, conversation.id, {
            role: 'assistant',
            content: outcome.content,
            images: null,
            model: conversation.model,
            status: outcome.status,
            promptTokens: outcome.promptTokens,
            outputTokens: outcome.outputTokens,
          })
        : null
    if (outcome.status === 'complete' && stored) {
      this.send({ type: 'done', request_id: requestId, message: presentMessage(stored) })
    } else if (outcome.status === 'stopped') {
      this.send({ type: 'stopped', request_id: requestId, message: stored && presentMessage(stored) })
    } else {
      this.send({
        type: 'error',
        request_id: requestId,
        code: outcome.code ?? 'CORRAL_ERR_UPSTREAM',
        message: outcome.error ?? 'The model failed to answer',
      })
    }
  }

  private async forget(userId: string, conversationId: string, message: StoredMessage): Promise<void> {
    await this.conversations.deleteMessage(userId, conversationId, message.id).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not remove an unanswered question')
    })
  }

  private fail(requestId: string, error: unknown, stopped: boolean): void {
    if (stopped) return this.send({ type: 'stopped', request_id: requestId, message: null })
    const failure = error as Error & { code?: string } & RetryAfter
    const known = failure.code?.startsWith('CORRAL_ERR_') ?? false
    if (!known) this.logger.error({ err: loggableError(error) }, 'chat answer failed')
    this.send({
      type: 'error',
      request_id: requestId,
      code: known ? failure.code! : 'CORRAL_ERR_INTERNAL',
      message: known ? failure.message : 'Internal server error',
      ...(failure.retryAfterSeconds ? { retry_after_seconds: failure.retryAfterSeconds } : {}),
    })
  }
}
