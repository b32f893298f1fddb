export interface StreamMessage {
  id: string | null
  event: string
  data: string
  /** `performance.now()` when the message arrived. */
  receivedAt: number
}

/**
 * A test client for `GET /corral/v1/admin/events`: a real HTTP connection read as Server-Sent Events
 * (the blank-line framing of WHATWG HTML §9.2), keeping every message and comment it receives.
 */
export class EventStreamClient {
  readonly messages: StreamMessage[] = []
  readonly comments: string[] = []
  private readonly abort = new AbortController()
  private waiters: (() => void)[] = []
  private buffer = ''
  ended = false

  private constructor(readonly response: Response) {}

  static async open(
    baseUrl: string,
    options: { token?: string; query?: string; headers?: Record<string, string> } = {},
  ): Promise<EventStreamClient> {
    const controller = new AbortController()
    const response = await fetch(
      `${baseUrl}/corral/v1/admin/events${options.query ? `?${options.query}` : ''}`,
      {
        headers: {
          accept: 'text/event-stream',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        signal: controller.signal,
      },
    )
    const client = new EventStreamClient(response)
    client.abort.signal.addEventListener('abort', () => controller.abort())
    if (response.ok && response.body) void client.read(response.body)
    return client
  }

  /** The parsed data of the messages of these event names (every event when omitted). */
  events<T = Record<string, unknown>>(...names: string[]): T[] {
    return this.messages
      .filter((message) => names.length === 0 || names.includes(message.event))
      .map((message) => JSON.parse(message.data) as T)
  }

  /** Resolves with the first message that matches, or rejects after `timeoutMs`. */
  async waitFor(match: (message: StreamMessage) => boolean, timeoutMs = 5000): Promise<StreamMessage> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const found = this.messages.find(match)
      if (found) return found
      const left = deadline - performance.now()
      if (left <= 0 || this.ended)
        throw new Error(
          `no matching event within ${timeoutMs} ms; got: ${this.messages.map((m) => m.event).join(', ')}`,
        )
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Waits for an event of this type whose data matches `fields`. */
  waitForEvent(type: string, fields: Record<string, unknown> = {}, timeoutMs = 5000) {
    return this.waitFor((message) => {
      if (message.event !== type) return false
      const data = JSON.parse(message.data) as Record<string, unknown>
      return Object.entries(fields).every(([key, value]) => data[key] === value)
    }, timeoutMs)
  }

  close(): void {
    this.abort.abort()
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder()
    try {
      for await (const chunk of body) {
        this.buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          this.parse(this.buffer.slice(0, end))
          this.buffer = this.buffer.slice(end + 2)
        }
        this.wake()
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true
      this.wake()
    }
  }

  private parse(block: string): void {
    let id: string | null = null
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim())
      else if (line.startsWith('id: ')) id = line.slice(4)
      else if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (data.length > 0)
      this.messages.push({ id, event, data: data.join('\n'), receivedAt: performance.now() })
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
