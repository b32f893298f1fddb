/** What `inTime` gives when the answer is not there before the first keep-alive is due. */
export const late = Symbol('late')

/**
 * Keeps a client's connection busy while its request waits for an answer that sends nothing until it
 * has its first token (a queue wait, a model load): one timer per waiting request, nothing buffered.
 * An answer that comes within one interval is untouched (its status and headers go out as they are);
 * only a later one is bridged: keep-alives now and every interval until the answer comes.
 */
export class KeepAlive<T> {
  constructor(
    private readonly answer: Promise<T>,
    private readonly intervalMs: number,
  ) {}

  /** The answer if it comes before the first keep-alive is due, `late` otherwise. */
  async inTime(): Promise<T | typeof late> {
    let timer: NodeJS.Timeout | undefined
    const due = new Promise<typeof late>((resolve) => (timer = setTimeout(resolve, this.intervalMs, late)))
    try {
      return await Promise.race([this.answer, due])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * The 200 is out: writes a keep-alive now and every interval until the answer settles, then stops
   * (before the answer's first byte is forwarded) and returns how it settled.
   */
  async bridge(write: (frame: string) => void, beat: () => string): Promise<PromiseSettledResult<T>> {
    write(beat())
    const timer = setInterval(() => write(beat()), this.intervalMs)
    try {
      return { status: 'fulfilled', value: await this.answer }
    } catch (reason) {
      return { status: 'rejected', reason }
    } finally {
      clearInterval(timer)
    }
  }
}
