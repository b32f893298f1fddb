import { Badge } from '@mantine/core'

/** 2xx green, 499 (the client left: its choice) grey, 4xx yellow, 5xx red. */
export function RequestStatus({ status }: { status: number }) {
  const color = status < 400 ? 'teal' : status === 499 ? 'gray' : status < 500 ? 'yellow' : 'red'
  return (
    <Badge variant="light" color={color}>
      {status}
    </Badge>
  )
}

/** Milliseconds as people read them: 840 ms, 2.4 s, or a dash when there is none. */
export const formatMs = (ms: number | null) =>
  ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`
