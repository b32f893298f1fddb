import { Tooltip } from '@mantine/core'
import { formatDateTime, formatRelative } from '../lib/format.ts'

/** “5 minutes ago”, with the exact time on hover and for screen readers (a `<time>` element). */
export function RelativeTime({ iso, never = 'never' }: { iso: string | null; never?: string }) {
  if (!iso) return <>{never}</>
  return (
    <Tooltip label={formatDateTime(iso)} withArrow openDelay={300}>
      <time dateTime={iso} title={formatDateTime(iso)} style={{ whiteSpace: 'nowrap' }}>
        {formatRelative(iso)}
      </time>
    </Tooltip>
  )
}
