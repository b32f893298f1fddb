import { Pool } from 'undici'

/**
 * An admin watching the event stream (`GET /corral/v1/admin/events`), as the panel does, in the load
 * generator's process. For every event it takes the delay from its `at` stamp (Corral's clock, which
 * is this machine's) to its arrival here; it does no more work per event than that, so the subscriber
 * does not slow the load generator it shares a core with.
 */
export class EventSubscriber {
  readonly delaysMs: number[] = []
  events = 0
  private readonly abort = new AbortController()
  private readonly pool: Pool
  private done: Promise<void> | undefined

  constructor(
    url: string,
    private readonly authorization: string,
  ) {
    // Behind 1,200 busy connections on a loaded machine, a connection can take seconds to be accepted.
    this.pool = new Pool(url, { connections: 1, connectTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 })
  }

  /** Resolves once the stream answered `ready`. */
  async open(): Promise<void> {
    const response = await this.pool.request({
      method: 'GET',
      path: '/corral/v1/admin/events?types=request',
      headers: { authorization: this.authorization, accept: 'text/event-stream' },
      signal: this.abort.signal,
    })
    if (response.statusCode !== 200) throw new Error(`the event stream answered ${response.statusCode}`)
    let ready: () => void
    const isReady = new Promise<void>((resolve) => (ready = resolve))
    this.done = this.read(response.body as AsyncIterable<Buffer>, () => ready())
    await isReady
  }

  async close(): Promise<void> {
    this.abort.abort()
    await this.done
    await this.pool.close()
  }

  private async read(body: AsyncIterable<Buffer>, onReady: () => void): Promise<void> {
    let rest = ''
    try {
      for await (const chunk of body) {
        const now = performance.timeOrigin + performance.now()
        const text = rest + chunk.toString('utf8')
        let start = 0
        let at: number
        while ((at = text.indexOf('"at":"', start)) !== -1) {
          const end = text.indexOf('"', at + 6)
          if (end === -1) break
          this.delaysMs.push(now - Date.parse(text.slice(at + 6, end)))
          this.events++
          start = end + 1
        }
        if (text.includes('event: ready')) onReady()
        // Keep an unfinished event for the next chunk.
        const cut = text.lastIndexOf('\n\n')
        rest = cut === -1 ? text.slice(start) : text.slice(Math.max(cut + 2, start))
      }
    } catch {
      // closed by close()
    }
  }
}
