// The admin panel's live updates from the system event stream (docs/monitoring.md#the-event-stream).
export { LiveEventsProvider, useLiveConnection } from './live-events-provider.tsx'
export { useLiveEvents, useLiveInvalidation, useLivePolling, useLiveState } from './use-live-events.ts'
export { LiveStatusBadge } from './live-status-badge.tsx'
export { LiveConnection, type LiveState, type OpenStream } from './live-connection.ts'
