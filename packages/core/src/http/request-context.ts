import type { FastifyRequest } from 'fastify'
import type { Identity } from '../clients/identity.ts'
import { Errors } from '../errors/corral-errors.ts'

/** Who may call a route; the gateway enforces it before any handler runs. Default: 'user'. */
export type RouteAccess = 'public' | 'user' | 'admin'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the gateway's authentication hook; null on public routes without credentials. */
    identity: Identity | null
    /** The browser session (refresh-token family) of a JWT-authenticated request, else null. */
    sessionId: string | null
    /** When the request's credential stops working (epoch ms; an access token's expiry), else null. */
    credentialExpiresAt: number | null
    /** The client's address: the socket peer, or the forwarded one when the peer is a trusted proxy. */
    clientIp: string
    /**
     * True only on the operator socket (`corral user …` beside a running server), whose callers are
     * the operator: they act as `operatorActor`. Never set on the public listener.
     */
    operator?: boolean
  }
  interface FastifyContextConfig {
    access?: RouteAccess
    /**
     * Account management: only a browser session may call it, never an API key or a CLI key, so a
     * key cannot mint credentials (or read conversations) beyond what it was given.
     */
    sessionOnly?: boolean
  }
}

/** The caller of an action, as services and the audit log see it (never the request itself). */
export interface Actor {
  /** null for the operator CLI, which acts on the database directly and is no user. */
  userId: string | null
  username: string
  role: Identity['role']
  ip: string | null
}

/** The operator at the command line (`corral user …`): an admin, recorded in the audit log as such. */
export const operatorActor: Actor = { userId: null, username: 'operator (cli)', role: 'admin', ip: null }

export function requireIdentity(request: FastifyRequest): Identity {
  if (!request.identity) throw new Errors.unauthenticated('Authentication required')
  return request.identity
}

export function actorOf(request: FastifyRequest): Actor {
  if (request.operator === true) return operatorActor
  const identity = requireIdentity(request)
  return { userId: identity.userId, username: identity.username, role: identity.role, ip: request.clientIp }
}
