import { MantineProvider } from '@mantine/core'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { tokenStore } from '@corral/web-kit'
import type { OpenStream } from './live-connection.ts'
import { LiveEventsProvider } from './live-events-provider.tsx'
import { LiveStatusBadge } from './live-status-badge.tsx'
import { useLiveEvents, useLivePolling } from './use-live-events.ts'

/** A stand-in for the server's end of each connection the panel opens: what it asked, what it gets. */
function fakeStreams() {
  const connections: { since: string | null; signal: AbortSignal; send(text: string): void }[] = []
  const open: OpenStream = ({ signal, since }) => {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) })
    signal.addEventListener('abort', () => controller.error(new Error('aborted')))
    connections.push({ since, signal, send: (text) => controller.enqueue(new TextEncoder().encode(text)) })
    return Promise.resolve(body)
  }
  return { open, connections }
}

function Probe() {
  const polling = useLivePolling(5000)
  useLiveEvents(['audit'], (event) => seen.push(event.action))
  return <span data-testid="polling">{polling === false ? 'off' : String(polling)}</span>
}
let seen: string[] = []

function renderPanel(open: OpenStream) {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <LiveEventsProvider open={open}>
          <LiveStatusBadge />
          <Probe />
        </LiveEventsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  )
}

const flush = () => act(async () => void (await vi.advanceTimersByTimeAsync(0)))
const setVisibility = async (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: state })
  await act(async () => void document.dispatchEvent(new Event('visibilitychange')))
  await flush()
}
const audit = (seq: number, action: string) =>
  `id: ${seq}\nevent: audit\ndata: ${JSON.stringify({ seq, type: 'audit', action })}\n\n`

describe('the live events connection', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    seen = []
    tokenStore.signIn('token', 900)
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' })
  })
  afterEach(() => {
    vi.useRealTimers()
    tokenStore.signOut()
  })

  it('is live once the stream is ready, and delivers events to the hooks', async () => {
    const server = fakeStreams()
    renderPanel(server.open)
    await flush()
    expect(screen.getByTestId('live-status')).toHaveTextContent('connecting')
    expect(screen.getByTestId('polling')).toHaveTextContent('5000')
    await act(async () =>
      server.connections[0]!.send('event: ready\ndata: {"last_seq":0}\n\n' + audit(1, 'user.create')),
    )
    await flush()
    expect(screen.getByTestId('live-status')).toHaveTextContent('live')
    expect(screen.getByTestId('polling')).toHaveTextContent('off')
    expect(seen).toEqual(['user.create'])
  })

  it('turns stale and polls when no heartbeat came for 30 s, and is live again after reconnecting', async () => {
    const server = fakeStreams()
    renderPanel(server.open)
    await flush()
    await act(async () =>
      server.connections[0]!.send('event: ready\ndata: {"last_seq":0}\n\n' + audit(7, 'a')),
    )
    await flush()
    await act(async () => void (await vi.advanceTimersByTimeAsync(15_000)))
    await act(async () => server.connections[0]!.send(': heartbeat\n\n'))
    await act(async () => void (await vi.advanceTimersByTimeAsync(29_000)))
    expect(screen.getByTestId('live-status')).toHaveTextContent('live')
    await act(async () => void (await vi.advanceTimersByTimeAsync(1_000)))
    expect(screen.getByTestId('live-status')).toHaveTextContent('stale')
    expect(screen.getByTestId('polling')).toHaveTextContent('5000')
    expect(server.connections[0]!.signal.aborted).toBe(true)
    // It reconnects after a second, resuming after the last event it saw.
    await act(async () => void (await vi.advanceTimersByTimeAsync(1_000)))
    expect(server.connections).toHaveLength(2)
    expect(server.connections[1]!.since).toBe('7')
    await act(async () => server.connections[1]!.send('event: ready\ndata: {"last_seq":9}\n\n'))
    await flush()
    expect(screen.getByTestId('live-status')).toHaveTextContent('live')
  })

  it('closes the connection and stops polling while the tab is hidden, and catches up when shown', async () => {
    const server = fakeStreams()
    renderPanel(server.open)
    await flush()
    await act(async () =>
      server.connections[0]!.send('event: ready\ndata: {"last_seq":3}\n\n' + audit(4, 'a')),
    )
    await flush()
    await setVisibility('hidden')
    expect(server.connections[0]!.signal.aborted).toBe(true)
    expect(screen.getByTestId('live-status')).toHaveTextContent('paused')
    expect(screen.getByTestId('polling')).toHaveTextContent('off')
    // Nothing happens while hidden, however long: no reconnects, no stale.
    await act(async () => void (await vi.advanceTimersByTimeAsync(120_000)))
    expect(server.connections).toHaveLength(1)
    await setVisibility('visible')
    expect(server.connections).toHaveLength(2)
    expect(server.connections[1]!.since).toBe('4')
    await act(async () =>
      server.connections[1]!.send('event: ready\ndata: {"last_seq":6}\n\n' + audit(5, 'missed')),
    )
    await flush()
    expect(screen.getByTestId('live-status')).toHaveTextContent('live')
    expect(seen).toEqual(['a', 'missed'])
  })
})
