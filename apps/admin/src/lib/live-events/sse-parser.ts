/** One Server-Sent Events message: `event` defaults to "message", `id` is null when it had none. */
export interface SseMessage {
  id: string | null
  event: string
  data: string
}

/**
 * The text/event-stream format (WHATWG HTML §9.2.6) read incrementally: feed it the decoded text as it
 * arrives and it returns the messages completed so far. EventSource cannot send an Authorization
 * header, and the access token lives only in memory (never in a cookie), so the panel reads the stream
 * with fetch; this is the part of EventSource it needs, in a few lines rather than a dependency.
 */
export class SseParser {
  private rest = ''
  private id: string | null = null
  private event = ''
  private data: string[] = []

  push(text: string): SseMessage[] {
    const messages: SseMessage[] = []
    const lines = (this.rest + text).split(/\r\n|\r|\n/)
    // The last piece is an unfinished line (or '' after a line break): keep it for the next chunk.
    this.rest = lines.pop() ?? ''
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0)
          messages.push({ id: this.id, event: this.event || 'message', data: this.data.join('\n') })
        this.id = null
        this.event = ''
        this.data = []
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      let value = colon === -1 ? '' : line.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (field === 'data') this.data.push(value)
      else if (field === 'event') this.event = value
      else if (field === 'id' && !value.includes('\0')) this.id = value
    }
    return messages
  }
}
