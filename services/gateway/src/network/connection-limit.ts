import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { addressGroup } from '@corral/core'

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
  const open = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? ''
    if (exempt(peer)) return
    const group = addressGroup(peer)
    const count = open.get(group) ?? 0
    if (count >= max) {
      socket.destroy()
      return
    }
    open.set(group, count + 1)
    socket.once('close', () => {
      const left = (open.get(group) ?? 1) - 1
      if (left > 0) open.set(group, left)
      else open.delete(group)
    })
  })
}
