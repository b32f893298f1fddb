import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKey, signInAdmin } from '../support/api-client.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

describe('operations and the public surface', () => {
  let corral: TestCorral
  let key: string

  beforeAll(async () => {
    corral = await startTestCorral()
    key = (await createKey((await signInAdmin(corral)).api)).key
  })
  afterAll(() => corral?.close())

  it('exposes Prometheus metrics with requests, queue, wait, time to first token and tokens', async () => {
    await fetch(`${corral.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: false }),
    })
    const text = await (await fetch(`${corral.url}/metrics`)).text()
    for (const metric of [
      'corral_requests_total{endpoint="/api/chat",model="llama3.2:latest",status="200"} 1',
      'corral_queue_depth 0',
      'corral_running_requests 0',
      'corral_queue_wait_seconds_count{priority="5"} 1',
      'corral_time_to_first_token_seconds_count{model="llama3.2:latest"} 1',
      'corral_tokens_total{kind="output",model="llama3.2:latest"}',
      'corral_backend_up{backend=',
    ]) {
      expect(text).toContain(metric)
    }
  })

  it('publishes an OpenAPI document with a schema for every Corral route', async () => {
    const document = (await (await fetch(`${corral.url}/corral/v1/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, Record<string, { responses?: object; requestBody?: object }>>
    }
    expect(document.openapi).toBe('3.1.0')
    const paths = Object.keys(document.paths)
    for (const path of [
      '/corral/v1/auth/login',
      '/corral/v1/me/keys',
      '/corral/v1/admin/users',
      '/corral/v1/admin/queue',
      '/corral/v1/admin/ip-allowlist',
    ]) {
      expect(paths).toContain(path)
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.responses, `${method.toUpperCase()} ${path} declares its responses`).toBeDefined()
      }
    }
  })

  it('answers CORS preflights so browser clients can send Authorization', async () => {
    const response = await fetch(`${corral.url}/api/chat`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization')
  })

  it('uses the error shape of each route family', async () => {
    const ollama = await fetch(`${corral.url}/api/tags`)
    expect(await ollama.json()).toEqual({
      error: 'Authentication required: send Authorization: Bearer <API key>',
    })
    const openai = await fetch(`${corral.url}/v1/models`)
    expect(await openai.json()).toEqual({
      error: {
        message: 'Authentication required: send Authorization: Bearer <API key>',
        type: 'authentication_error',
        param: null,
        code: null,
      },
    })
    const own = await fetch(`${corral.url}/corral/v1/me`)
    expect(await own.json()).toEqual({
      statusCode: 401,
      code: 'CORRAL_ERR_UNAUTHENTICATED',
      error: 'Unauthorized',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    })
    const missing = await fetch(`${corral.url}/corral/v1/nothing-here`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { code: string }).code).toBe('CORRAL_ERR_NOT_FOUND')
  })

  it('validates Corral request bodies with a 400 naming the field', async () => {
    const response = await fetch(`${corral.url}/corral/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":1}',
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { code: string; message: string }
    expect(body.code).toBe('CORRAL_ERR_VALIDATION')
    expect(body.message).toMatch(/username|password/)
  })
})
