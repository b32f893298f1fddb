import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import { chatCloseCodes, type ChatServerFrame } from '@corral/contracts'
import type { ConversationsClient, ProxyClient } from '@corral/core'
import { isCrossSite } from '@corral/core'
import type { Authenticator } from '../authentication/authenticator.ts'
import { parseClientFrame } from './chat-frames.ts'
import { ChatSession } from './chat-session.ts'

const authTimeoutMs = 10_000
const maxFrameBytes = 64 * 1024 * 1024

/**
 * `/corral/v1/chat`: the chat app's WebSocket. Browsers cannot set headers on a WebSocket, so the
 * access token is the first frame; the Origin must be this server's (a page elsewhere cannot drive a
 * signed-in user's socket).
 */
export async function registerChatSocket(
  app: FastifyInstance,
  deps: { authenticator: Authenticator; conversations: ConversationsClient; proxy: ProxyClient },
): Promise<void> {
  await app.register(websocket, { options: { maxPayload: maxFrameBytes } })
  app.get(
    '/corral/v1/chat',
    { websocket: true, config: { access: 'public' }, schema: { hide: true } },
    (socket, request) => {
      if (isCrossSite(request))
        return socket.close(chatCloseCodes.forbidden, 'cross-origin WebSocket refused')
      const send = (frame: ChatServerFrame) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
      }
      let session: ChatSession | undefined
      const authTimer = setTimeout(
        () => socket.close(chatCloseCodes.unauthenticated, 'authenticate first'),
        authTimeoutMs,
      )
      socket.on('close', () => {
        clearTimeout(authTimer)
        session?.close()
      })
      // Frames are handled in order; an `auth` holds the ones after it until the token is checked, so a
      // client may send `auth` and `send` back to back.
      let pending: Promise<void> = Promise.resolve()
      socket.on('message', (data: Buffer) => {
        pending = pending.then(() => handle(data.toString('utf8')))
      })

      async function handle(text: string): Promise<void> {
        const frame = parseClientFrame(text)
        if (!frame) return send({ type: 'error', code: 'CORRAL_ERR_VALIDATION', message: 'Malformed frame' })
        if (frame.type === 'ping') return send({ type: 'pong' })
        if (frame.type === 'auth') return authenticate(frame.token)
        if (!session) return socket.close(chatCloseCodes.unauthenticated, 'authenticate first')
        if (frame.type === 'stop') return session.stop(frame.request_id)
        const prepare =
          frame.type === 'send'
            ? { kind: 'send' as const, content: frame.content, images: frame.images }
            : frame.type === 'regenerate'
              ? { kind: 'regenerate' as const }
              : { kind: 'edit' as const, messageId: frame.message_id, content: frame.content }
        // Answers run concurrently; only authentication is waited for.
        void session.answer({ requestId: frame.request_id, conversationId: frame.conversation_id, prepare })
      }

      // A later `auth` frame (after a token refresh) replaces the identity for new answers.
      async function authenticate(token: string) {
        try {
          const result = await deps.authenticator.authenticate({
            authorization: `Bearer ${token}`,
            apiKeyHeader: undefined,
            method: 'GET',
            path: '/corral/v1/chat',
            ts: undefined,
            clientIp: request.clientIp,
          })
          if (!result) throw new Error('no identity')
          clearTimeout(authTimer)
          if (session?.userId === result.identity.userId) {
            session.identity = result.identity
          } else {
            session?.close()
            session = new ChatSession(result.identity, deps.conversations, deps.proxy, send, request.log)
          }
          send({ type: 'ready', user_id: result.identity.userId, username: result.identity.username })
        } catch (error) {
          send({
            type: 'error',
            code: (error as { code?: string }).code ?? 'CORRAL_ERR_UNAUTHENTICATED',
            message: (error as Error).message,
          })
          socket.close(chatCloseCodes.unauthenticated, 'authentication failed')
        }
      }
    },
  )
}
