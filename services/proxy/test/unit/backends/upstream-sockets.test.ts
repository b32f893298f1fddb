import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { UpstreamSockets } from '../../../src/backends/upstream-sockets.ts'

describe('UpstreamSockets', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

  const connectTwo = async (sockets: UpstreamSockets): Promise<Socket[]> => {
    server = createServer((socket) => socket.on('error', () => undefined))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    const connect = sockets.connector(1000)
    const open = () =>
      new Promise<Socket>((resolve, reject) =>
        connect({ hostname: '127.0.0.1', protocol: 'http:', port: String(port) }, (error, socket) =>
          error ? reject(error) : resolve(socket),
        ),
      )
    return Promise.all([open(), open()])
  }

  it('hands a slot back at once when no connection is closing', async () => {
    const sockets = new UpstreamSockets()
    const open = await connectTwo(sockets)
    let released = false
    sockets.afterClosing(() => (released = true))
    expect(released).toBe(true)
    for (const socket of open) socket.destroy()
  })

  it('waits until a destroyed connection has really closed', async () => {
    const sockets = new UpstreamSockets()
    const [aborted, busy] = await connectTwo(sockets)
    const order: string[] = []
    aborted!.once('close', () => order.push('closed'))
    aborted!.destroy()
    sockets.afterClosing(() => order.push('released'))
    expect(order).toEqual([])
    await once(aborted!, 'close')
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['closed', 'released'])
    busy!.destroy()
  })
})
