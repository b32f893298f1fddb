/**
 * Probes that run inside the page (`page.evaluate`). They must be self-contained, and they see the
 * browser through this small interface because the e2e code is type-checked without the DOM library.
 */
interface BrowserGlobals {
  document: {
    querySelector(selector: string): { textContent: string | null } | null
    querySelectorAll(selector: string): { length: number }
    addEventListener(type: string, listener: (event: { key?: string }) => void, capture: boolean): void
  }
  requestAnimationFrame(callback: () => void): number
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: object): void
    disconnect(): void
  }
  performance: { now(): number }
}

/** Each new length of the streaming answer's text, until the answer is stored and the live view goes. */
export function watchStreamingLengths(): Promise<number[]> {
  const browser = globalThis as unknown as BrowserGlobals
  return new Promise((resolve) => {
    const lengths: number[] = []
    const tick = () => {
      const live = browser.document.querySelector('[data-testid="streaming-message"]')
      if (live) {
        const length = live.textContent?.length ?? 0
        if (length !== lengths.at(-1)) lengths.push(length)
      } else if (lengths.length > 0) {
        return resolve(lengths)
      }
      browser.requestAnimationFrame(tick)
    }
    tick()
  })
}

/**
 * Milliseconds from pressing Enter in the message box to the first answer text in the DOM (seen by a
 * MutationObserver, so at React's commit, before the paint of that frame). A short answer can arrive
 * whole before React renders it, so a new stored answer counts too.
 */
export function timeToFirstToken(): Promise<number> {
  const browser = globalThis as unknown as BrowserGlobals
  const storedAnswers = () =>
    browser.document.querySelectorAll('[data-testid="message"][data-role="assistant"]').length
  const before = storedAnswers()
  return new Promise((resolve) => {
    let sentAt: number | null = null
    browser.document.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Enter' && sentAt === null) sentAt = browser.performance.now()
      },
      true,
    )
    const observer = new browser.MutationObserver(() => {
      const live = browser.document.querySelector('[data-testid="streaming-message"]')
      if (sentAt !== null && (live?.textContent || storedAnswers() > before)) {
        observer.disconnect()
        resolve(browser.performance.now() - sentAt)
      }
    })
    observer.observe(browser.document, { subtree: true, childList: true, characterData: true })
  })
}

/** Sets the colour scheme the app remembers (Mantine's localStorage key), as the theme toggle does. */
export function rememberColorScheme(scheme: string): void {
  const browser = globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }
  browser.localStorage.setItem('mantine-color-scheme-value', scheme)
}
