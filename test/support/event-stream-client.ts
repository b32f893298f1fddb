import { createParser } from 'eventsource-parser'

export interface StreamMessage {
  id: string | null
  event: string
  data: string
  /** `performance.now()` when the message arrived. */
  receivedAt: number
}

/**
 * A test client for `GET /corral/v1/admin/events`: a real HTTP connection read as Server-Sent Events
 * (parsed by eventsource-parser), keeping every message and comment it receives.
 */
export class EventStreamClient {
  readonly messages: StreamMessage[] = []
  readonly comments: string[] = []
  private readonly abort = new AbortController()
  private waiters: (() => void)[] = []
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
    const parser = createParser({
      onEvent: (message) =>
        this.messages.push({
          id: message.id ?? null,
          event: message.event ?? 'message',
          data: message.data,
          receivedAt: performance.now(),
        }),
      onComment: (comment) => this.comments.push(comment.trim()),
    })
    try {
      for await (const chunk of body) {
        parser.feed(decoder.decode(chunk, { stream: true }))
        this.wake()
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true
      this.wake()
    }
  }

  private wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
