import { send, sendJson } from '../http/responses.ts'
import type { Route } from '../http/router.ts'

const running = (route: Pick<Route, 'method' | 'path'>): Route => ({
  ...route,
  errors: 'native',
  handler: ({ res }) => send(res, 200, 'text/plain; charset=utf-8', 'Ollama is running'),
})

const version = (method: string): Route => ({
  method,
  path: '/api/version',
  errors: 'native',
  handler: ({ ctx, res }) => sendJson(res, 200, { version: ctx.options.version }),
})

/** The heartbeat the ollama CLI sends before every command, the version probe and the cloud status. */
export const serverRoutes: Route[] = [
  running({ method: 'HEAD', path: '/' }),
  running({ method: 'GET', path: '/' }),
  version('HEAD'),
  version('GET'),
  {
    method: 'GET',
    path: '/api/status',
    errors: 'native',
    handler: ({ res }) => sendJson(res, 200, { cloud: { disabled: false, source: 'none' } }),
  },
]
