import type { FastifyBaseLogger } from 'fastify'
import type { ChatServerFrame } from '@corral/contracts'
import type { ConversationsClient, Identity, ProxyClient, RetryAfter, StoredMessage } from '@corral/core'
import { presentMessage } from '@corral/core'

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
    if (this.running.has(requestId))
      return this.send({
        type: 'error',
        request_id: requestId,
        code: 'CORRAL_ERR_CONFLICT',
        message: 'That request id is in use',
      })
    const controller = new AbortController()
    this.running.set(requestId, controller)
    const identity = this.identity
    try {
      const userId = identity.userId
      const { conversation, messages } = await this.conversations.getConversation(userId, conversationId)
      let history: StoredMessage[]
      let userMessage: StoredMessage | null = null
      if (request.prepare.kind === 'send') {
        userMessage = await this.conversations.appendMessage(userId, conversationId, {
          role: 'user',
          content: request.prepare.content,
          images: request.prepare.images?.length ? request.prepare.images : null,
          model: null,
          status: 'complete',
          promptTokens: null,
          outputTokens: null,
        })
        history = [...messages, userMessage]
      } else if (request.prepare.kind === 'regenerate') {
        history = await this.conversations.dropLastAnswer(userId, conversationId)
      } else {
        history = await this.conversations.editMessage(
          userId,
          conversationId,
          request.prepare.messageId,
          request.prepare.content,
        )
      }
      this.send({
        type: 'accepted',
        request_id: requestId,
        user_message: userMessage && presentMessage(userMessage),
      })
      const prompt = [
        ...(conversation.systemPrompt
          ? [{ role: 'system' as const, content: conversation.systemPrompt }]
          : []),
        ...history
          .filter((message) => message.status !== 'error')
          .map((message) => ({
            role: message.role,
            content: message.content,
            ...(message.images ? { images: message.images } : {}),
          })),
      ]
      const outcome = await this.proxy.chat(
        {
          requestId,
          identity,
          model: conversation.model,
          messages: prompt,
          options: conversation.options,
          signal: controller.signal,
        },
        {
          onQueued: (position, estimatedWaitMs) =>
            this.send({
              type: 'queued',
              request_id: requestId,
              position,
              estimated_wait_ms: Math.round(estimatedWaitMs),
            }),
          onStarted: (queueWaitMs) =>
            this.send({ type: 'started', request_id: requestId, queue_wait_ms: Math.round(queueWaitMs) }),
          onDelta: (content, thinking) =>
            this.send({ type: 'delta', request_id: requestId, content, ...(thinking ? { thinking } : {}) }),
        },
      )
      const stored =
        outcome.content || outcome.status === 'complete'
          ? await this.conversations.appendMessage(userId, conversationId, {
              role: 'assistant',
              content: outcome.content,
              images: null,
              model: conversation.model,
              status: outcome.status,
              promptTokens: outcome.promptTokens,
              outputTokens: outcome.outputTokens,
            })
          : null
      if (outcome.status === 'complete')
        this.send({ type: 'done', request_id: requestId, message: presentMessage(stored!) })
      else if (outcome.status === 'stopped')
        this.send({ type: 'stopped', request_id: requestId, message: stored && presentMessage(stored) })
      else
        this.send({
          type: 'error',
          request_id: requestId,
          code: 'CORRAL_ERR_UPSTREAM',
          message: outcome.error ?? 'The model failed to answer',
        })
    } catch (error) {
      const failure = error as Error & { code?: string; statusCode?: number } & RetryAfter
      if (controller.signal.aborted) {
        this.send({ type: 'stopped', request_id: requestId, message: null })
      } else {
        if (!failure.code?.startsWith('CORRAL_ERR_')) this.logger.error({ err: error }, 'chat answer failed')
        this.send({
          type: 'error',
          request_id: requestId,
          code: failure.code?.startsWith('CORRAL_ERR_') ? failure.code : 'CORRAL_ERR_INTERNAL',
          message: failure.code?.startsWith('CORRAL_ERR_') ? failure.message : 'Internal server error',
          ...(failure.retryAfterSeconds ? { retry_after_seconds: failure.retryAfterSeconds } : {}),
        })
      }
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
}
