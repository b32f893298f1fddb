/**
 * What Corral does with each Ollama and OpenAI-compatible route (the Ollama API's endpoint list):
 * - `inference` waits in the queue for a backend slot and is accounted;
 * - `management` changes models on the backends: admins (or keys with models:manage) only;
 * - `catalog` answers from every backend at once (the union of their models);
 * - `metadata` goes to a backend that has the model, without queueing;
 * - `account` signs a backend in to (or out of) its ollama.com account: admins only, one backend;
 * - `passthrough` goes to any healthy backend (version, status, unknown paths).
 *
 * The path is the normalized one (request-path.ts): the form Ollama's router matches.
 */
export type EndpointKind = 'inference' | 'management' | 'catalog' | 'metadata' | 'account' | 'passthrough'

export interface Endpoint {
  kind: EndpointKind
  /** A stable label for metrics and usage: the route without parameters. */
  name: string
  /** OpenAI streams get `stream_options.include_usage` so Corral can count their tokens. */
  injectUsage?: boolean
}

const inference = new Set([
  'POST /api/generate',
  'POST /api/chat',
  'POST /api/embed',
  'POST /api/embeddings',
  'POST /v1/embeddings',
  'POST /v1/responses',
  'POST /v1/messages',
  'POST /v1/audio/transcriptions',
])
const withUsageInjection = new Set(['POST /v1/chat/completions', 'POST /v1/completions'])
const management = new Set([
  'POST /api/pull',
  'POST /api/push',
  'POST /api/create',
  'POST /api/copy',
  'DELETE /api/delete',
])
/** Ollama's cloud account: `POST /api/me`, `POST /api/signout`, `DELETE /api/user/keys/:encodedKey`. */
const accountPaths = new Set(['/api/me', '/api/signout'])
const catalog = new Set(['GET /api/tags', 'HEAD /api/tags', 'GET /api/ps', 'GET /v1/models'])

export function classifyEndpoint(method: string, path: string): Endpoint {
  const route = `${method} ${path}`
  if (withUsageInjection.has(route)) return { kind: 'inference', name: path, injectUsage: true }
  if (inference.has(route)) return { kind: 'inference', name: path }
  if (management.has(route)) return { kind: 'management', name: path }
  if (path.startsWith('/api/blobs/')) return { kind: 'management', name: '/api/blobs' }
  if (catalog.has(route)) return { kind: 'catalog', name: path }
  if (method === 'GET' && path.startsWith('/v1/models/'))
    return { kind: 'catalog', name: '/v1/models/:model' }
  if (route === 'POST /api/show') return { kind: 'metadata', name: path }
  // Any method: a wrong one gets Ollama's own 405, but only after the admin check.
  if (accountPaths.has(path)) return { kind: 'account', name: path }
  if (path.startsWith('/api/user/')) return { kind: 'account', name: '/api/user' }
  return { kind: 'passthrough', name: path.startsWith('/api/') || path.startsWith('/v1/') ? path : 'other' }
}
