import { createParser } from 'eventsource-parser'

/** One Server-Sent Events message: `event` defaults to "message", `id` is null when it had none. */
export interface SseMessage {
  id: string | null
  event: string
  data: string
}

/**
 * The text/event-stream format read incrementally (eventsource-parser does the parsing): feed it the
 * decoded text as it arrives and it returns the messages completed so far. EventSource cannot send an
 * Authorization header, and the access token lives only in memory (never in a cookie), so the panel
 * reads the stream with fetch and parses it here.
 */
export class SseParser {
  private completed: SseMessage[] = []
  private readonly parser = createParser({
    onEvent: (message) =>
      this.completed.push({ id: message.id ?? null, event: message.event ?? 'message', data: message.data }),
  })

  push(text: string): SseMessage[] {
    this.parser.feed(text)
    const messages = this.completed
    this.completed = []
    return messages
  }
}
