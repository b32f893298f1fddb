import { createServer } from 'node:http'
import { isIP } from 'node:net'
import type { AddressInfo } from 'node:net'
import { handleControl } from './control/control-routes.ts'
import { createDispatcher } from './http/dispatch.ts'
import { resolveOptions } from './options.ts'
import { ollamaRouter } from './routes/all-routes.ts'
import { applyOptions, createContext } from './sim-context.ts'
import type { OllamaSim, OllamaSimOptions } from './types.ts'

/** Starts an Ollama API simulator on `host:port` (a random port by default) and resolves once it listens. */
export async function startOllamaSim(options: OllamaSimOptions = {}): Promise<OllamaSim> {
  const resolved = resolveOptions(options)
  const ctx = createContext(resolved)
  const server = createServer(
    {
      // Go's server has no idle timeout and lets uploads take as long as they need.
      keepAliveTimeout: 0,
      requestTimeout: 0,
    },
    createDispatcher(ctx, ollamaRouter(), handleControl),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { address, port } = server.address() as AddressInfo
  ctx.listensOnLoopback = isLoopback(address)
  const host = isIP(address) === 6 ? `[${address}]` : address

  return {
    url: `http://${host}:${port}`,
    port,
    stats: ctx.stats,
    events: ctx.events,
    inject: (fault) => ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    setOptions: (patch) => applyOptions(ctx, patch),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1'
}
