import path from 'node:path'

/**
 * The running server's operator socket. It sits in a directory only the server's user may enter
 * (0700), and is itself 0600: being able to connect is what makes a caller the operator.
 */
export function operatorSocketPath(dataDir: string): string {
  return path.join(dataDir, 'run', 'operator.sock')
}

/** Where people reach a server that listens on `host:port` (the address `0.0.0.0` is not one). */
export function publicUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${port}`
}
