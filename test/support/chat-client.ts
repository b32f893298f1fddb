import { expect } from 'vitest'
import WebSocket from 'ws'
import type { ChatServerFrame } from '@corral/contracts'

/** A chat socket (`/corral/v1/chat`) that collects every frame and can wait for one. */
export class ChatClient {
  readonly frames: ChatServerFrame[] = []
  readonly socket: WebSocket
  /** The close code, once closed. */
  closeCode: number | undefined
  private readonly closing: Promise<number>

  constructor(url: string, options: { origin?: string; localAddress?: string } = {}) {
    this.socket = new WebSocket(`${url.replace('http', 'ws')}/corral/v1/chat`, {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    })
    this.socket.on('message', (data: Buffer) =>
      this.frames.push(JSON.parse(data.toString('utf8')) as ChatServerFrame),
    )
    this.socket.on('error', () => undefined)
    this.closing = new Promise((resolve) =>
      this.socket.once('close', (code) => {
        this.closeCode = code
        resolve(code)
      }),
    )
  }

  /** Opens and signs in with `token`, waiting for `ready`. */
  static async signedIn(
    url: string,
    token: string,
    options: { localAddress?: string } = {},
  ): Promise<ChatClient> {
    const client = new ChatClient(url, options)
    await client.open()
    client.send({ type: 'auth', token })
    await client.waitFor('ready')
    return client
  }

  async open(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return
    await new Promise((resolve, reject) => {
      this.socket.once('open', resolve)
      this.socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      )
      this.socket.once('error', reject)
    })
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame))
  }

  async waitFor<T extends ChatServerFrame['type']>(
    type: T,
    requestId?: string,
  ): Promise<Extract<ChatServerFrame, { type: T }>> {
    let found: ChatServerFrame | undefined
    await expect
      .poll(
        () =>
          (found = this.frames.find(
            (frame) =>
              frame.type === type &&
              (!requestId || ('request_id' in frame && frame.request_id === requestId)),
          )),
        { timeout: 10_000 },
      )
      .toBeDefined()
    return found as Extract<ChatServerFrame, { type: T }>
  }

  /** Resolves with the close code. */
  closed(): Promise<number> {
    return this.closing
  }

  close(): void {
    this.socket.close()
  }
}
