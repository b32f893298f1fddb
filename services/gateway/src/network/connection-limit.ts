import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { addressGroup } from '@corral/core'
import { KeyCounts } from './key-counts.ts'

/**
 * At most `max` open connections per client address (an IPv6 /64 counts as one), counted on the
 * socket peer as connections are accepted: one machine opening thousands of connections and
 * trickling on each held every file descriptor. Peers that speak for many clients (the trusted
 * proxies, Cloudflare) are not counted: nginx bounds its own clients. Past the bound a new connection
 * is closed at once, before a byte of it is read.
 */
export function limitConnectionsPerAddress(
  server: Server,
  max: number,
  exempt: (address: string) => boolean,
): void {
  const open = new KeyCounts()
  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? ''
    if (exempt(peer)) return
    const group = addressGroup(peer)
    if (open.get(group) >= max) {
      socket.destroy()
      return
    }
    open.increment(group)
    socket.once('close', () => open.decrement(group))
  })
}
