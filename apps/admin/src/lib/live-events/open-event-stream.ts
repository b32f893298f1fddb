import { httpResponse } from '@corral/web-kit'
import type { OpenStream } from './live-connection.ts'

/**
 * Opens the stream through the apps' one HTTP client: the in-memory access token as a Bearer header,
 * refreshed once on 401 (the server ends a stream when its token expires). The resume point goes as
 * `?since=`, the query twin of the Last-Event-ID header that fetch would have to set by hand.
 */
export const openEventStream: OpenStream = async ({ signal, since }) => {
  const response = await httpResponse('/corral/v1/admin/events', {
    accept: 'text/event-stream',
    signal,
    query: { since: since ?? undefined },
  })
  if (!response.body) throw new Error('The event stream has no body')
  return response.body
}
