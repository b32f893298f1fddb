import { execFile } from 'node:child_process'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { closeAfterUnreadBody } from '../src/http/unread-body.ts'

/** A server that refuses every request at once, before reading any of its body. */
function refusingServer(lingerMs: number): Promise<Server> {
  const server = createServer((req, res) => {
    closeAfterUnreadBody(req, res, lingerMs)
    res.writeHead(429, { 'content-type': 'application/json' }).end('{"error":"too many"}')
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/**
 * 26 clients posting 60 MB each, in a process of their own (in this one the server's close and the
 * clients' writes take turns on one event loop, and the race never shows): the answers they read.
 */
async function postLargeBodies(server: Server): Promise<(number | string)[]> {
  const { port } = server.address() as AddressInfo
  const clients = `
    const http = require('node:http')
    const body = Buffer.alloc(60 * 1024 * 1024, 120)
    const post = () => new Promise((resolve) => {
      const sent = http.request({ port: ${port}, host: '127.0.0.1', method: 'POST',
        headers: { 'content-length': body.length } }, (response) => { response.resume(); resolve(response.statusCode) })
      sent.on('error', (error) => resolve(error.code))
      sent.end(body)
    })
    Promise.all(Array.from({ length: 26 }, post)).then((answers) => console.log(JSON.stringify(answers)))`
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', clients])
  return JSON.parse(stdout) as (number | string)[]
}

describe('a refusal sent before the body was read', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  it('reaches clients that are still writing large bodies', async () => {
    server = await refusingServer(3000)
    expect(await postLargeBodies(server)).toEqual(Array(26).fill(429))
  }, 30_000)

  it('cuts a client that stops sending once the linger time is over', async () => {
    server = await refusingServer(300)
    const { port } = server.address() as AddressInfo
    const started = performance.now()
    const closed = await new Promise<number>((resolve) => {
      const sent = request({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': 1000 } })
      sent.on('response', (response) => response.resume())
      sent.on('error', () => resolve(performance.now() - started))
      sent.on('close', () => resolve(performance.now() - started))
      sent.flushHeaders()
    })
    expect(closed).toBeGreaterThanOrEqual(250)
    expect(closed).toBeLessThan(2000)
  })
})
