import net from 'node:net'

/**
 * A TCP relay in front of a real server (PostgreSQL here) that a test can cut and restore: cutting
 * drops every open connection and refuses new ones, as an outage or a network partition would.
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>()
  private up = true

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined
    const server = net.createServer((client) => {
      if (!proxy!.up) return client.destroy()
      const upstream = net.connect(target.port, target.host)
      for (const socket of [client, upstream]) {
        proxy!.sockets.add(socket)
        socket.on('close', () => proxy!.sockets.delete(socket))
        socket.on('error', () => undefined)
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    proxy = new CuttableProxy(server, (server.address() as net.AddressInfo).port)
    return proxy
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
