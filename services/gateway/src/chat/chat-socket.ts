import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import {
  chatBytesBeforeAuth,
  chatCloseCodes,
  chatMaxFrameBytes,
  type ChatServerFrame,
} from '@corral/contracts'
import type { ConversationsClient, ProxyClient } from '@corral/core'
import { Errors, isCrossSite, LogThrottle, withRetryAfter } from '@corral/core'
import type { Authenticator } from '../authentication/authenticator.ts'
import { ChatCredentials } from './chat-credentials.ts'
import { parseClientFrame } from './chat-frames.ts'
import { ChatSession } from './chat-session.ts'
import { PendingSockets } from './pending-sockets.ts'
import { KeyCounts } from '../network/key-counts.ts'
import { PreAuthBudget } from './pre-auth-budget.ts'
import { authErrorFrame } from './auth-error-frame.ts'

const authTimeoutMs = 10_000
/** After a refusing close frame, how long the peer has to answer before the connection is cut. */
const closeGraceMs = 1000
/** Chat sockets one account may have open (one per browser tab). */
const maxSocketsPerUser = 16

/**
 * `/corral/v1/chat`: the chat app's WebSocket. Browsers cannot set headers on a WebSocket, so the
 * access token is the first frame; the Origin must be this server's (a page elsewhere cannot drive a
 * signed-in user's socket).
 *
 * Until it has authenticated, a socket is a stranger's: it may send `chatBytesBeforeAuth` bytes in
 * all (counted on the TCP connection, before `ws` buffers a frame), must authenticate within
 * `authTimeoutMs`, and one address may hold only a few such sockets. While its `auth` frame is being
 * checked the connection is not read, so frames sent right behind it wait in the network, not here.
 */
export async function registerChatSocket(
  app: FastifyInstance,
  deps: { authenticator: Authenticator; conversations: ConversationsClient; proxy: ProxyClient },
): Promise<void> {
  await app.register(websocket, { options: { maxPayload: chatMaxFrameBytes } })
  const pending = new PendingSockets()
  const socketsPerUser = new KeyCounts()
  const logThrottle = new LogThrottle()

  app.get(
    '/corral/v1/chat',
    {
      websocket: true,
      config: { access: 'public' },
      schema: { hide: true },
      // Before the upgrade, as a plain HTTP answer: a refused socket never exists.
      onRequest: async (request) => {
        if (!pending.admits(request.clientIp))
          throw withRetryAfter(
            new Errors.tooManyRequests('Too many chat connections from your address are waiting to sign in'),
            authTimeoutMs / 1000,
          )
      },
    },
    (socket, request) => {
      if (isCrossSite(request))
        return socket.close(chatCloseCodes.forbidden, 'cross-origin WebSocket refused')
      const connection = request.raw.socket
      const releasePending = pending.add(request.clientIp)
      // Closes with a reason, and cuts the connection if the peer does not answer the close in time.
      // Past the byte budget nothing more is read; otherwise reading goes on, for the peer's close.
      const refuse = (code: number, reason: string, stopReading = false) => {
        if (stopReading) connection.pause()
        else connection.resume()
        socket.close(code, reason)
        setTimeout(() => socket.terminate(), closeGraceMs).unref()
      }
      const budget = new PreAuthBudget(connection, chatBytesBeforeAuth, () =>
        refuse(chatCloseCodes.tooLarge, `send at most ${chatBytesBeforeAuth} bytes before auth`, true),
      )
      const authTimer = setTimeout(
        () => refuse(chatCloseCodes.unauthenticated, 'authenticate first'),
        authTimeoutMs,
      )
      const send = (frame: ChatServerFrame) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
      }
      let session: ChatSession | undefined
      let countedUser: string | undefined
      const credentials = new ChatCredentials(deps.authenticator, request.clientIp, {
        renewed: (identity) => {
          if (session) session.identity = identity
        },
        ended: (error) => {
          send(authErrorFrame(error, request.log, logThrottle))
          refuse(chatCloseCodes.unauthenticated, 'the session ended')
        },
      })
      socket.on('close', () => {
        clearTimeout(authTimer)
        releasePending()
        credentials.dispose()
        session?.close()
        if (countedUser) socketsPerUser.decrement(countedUser)
      })

      // Frames are handled in order; an `auth` holds the ones after it until the token is checked, so a
      // client may send `auth` and `send` back to back.
      let queue: Promise<void> = Promise.resolve()
      socket.on('message', (data: Buffer) => {
        if (socket.readyState !== socket.OPEN) return
        const parsed = parseClientFrame(data.toString('utf8'))
        if ('frame' in parsed && parsed.frame.type === 'auth' && !session) budget.hold()
        queue = queue.then(() => handle(parsed))
      })

      async function handle(parsed: ReturnType<typeof parseClientFrame>): Promise<void> {
        if ('problem' in parsed)
          return send({ type: 'error', code: 'CORRAL_ERR_VALIDATION', message: parsed.problem })
        const frame = parsed.frame
        if (frame.type === 'ping') return send({ type: 'pong' })
        if (frame.type === 'auth') return authenticate(frame.token)
        if (!session) return refuse(chatCloseCodes.unauthenticated, 'authenticate first')
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
          const { identity } = await credentials.authenticate(token)
          if (session?.userId === identity.userId) {
            session.identity = identity
          } else {
            if (socketsPerUser.get(identity.userId) >= maxSocketsPerUser) {
              budget.failed()
              return refuse(chatCloseCodes.tryAgainLater, 'too many chat connections for this account')
            }
            session?.close()
            if (countedUser) socketsPerUser.decrement(countedUser)
            countedUser = identity.userId
            socketsPerUser.increment(countedUser)
            session = new ChatSession(identity, deps.conversations, deps.proxy, send, request.log)
          }
          clearTimeout(authTimer)
          budget.passed()
          releasePending()
          send({ type: 'ready', user_id: identity.userId, username: identity.username })
        } catch (error) {
          budget.failed()
          send(authErrorFrame(error, request.log, logThrottle))
          refuse(chatCloseCodes.unauthenticated, 'authentication failed')
        }
      }
    },
  )
}
