import net from 'node:net'

/**
 * A TCP relay in front of a real server (PostgreSQL here) that a test can cut and restore: cutting
 * drops every open connection and refuses new ones, as an outage or a network partition would.
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>()
  private readonly server: net.Server
  private up = true

  private constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (!this.up) return client.destroy()
      const upstream = net.connect(target.port, target.host)
      for (const socket of [client, upstream]) {
        this.sockets.add(socket)
        socket.on('close', () => this.sockets.delete(socket))
        socket.on('error', () => undefined)
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
  }

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(target)
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port
  }

  cut(): void {
    this.up = false
    for (const socket of this.sockets) socket.destroy()
  }

  restore(): void {
    this.up = true
  }

  async close(): Promise<void> {
    this.cut()
    await new Promise((resolve) => this.server.close(resolve))
  }
}
