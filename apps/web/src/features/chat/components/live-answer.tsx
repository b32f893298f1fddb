import { Group, Loader, Spoiler, Stack, Text } from '@mantine/core'
import { Markdown } from '../../../components/markdown/markdown.tsx'
import { formatMilliseconds } from '../../../lib/format.ts'
import type { LiveAnswer } from '../stream/chat-conversation.ts'

// `waiting`: accepted and not queued, so a slot was free; the model may still be loading.
const pendingText = {
  sending: 'Sending…',
  waiting: 'Waiting for the model…',
  queued: '',
  streaming: 'Answering…',
}

/** The answer on its way: sending, waiting in the queue (with position and wait), or streaming. */
export function LiveAnswerView({ live }: { live: LiveAnswer }) {
  if (live.phase === 'queued') {
    return (
      <Group gap="sm" data-testid="queue-status" aria-live="polite">
        <Loader size="sm" type="dots" />
        <Stack gap={0}>
          <Text size="sm" c="dimmed">
            Waiting in line: position {live.position ?? '?'}
            {live.estimated_wait_ms ? `, about ${formatMilliseconds(live.estimated_wait_ms)}` : ''}
          </Text>
          {live.reason && (
            <Text size="xs" c="dimmed" data-testid="queue-reason">
              Why: {live.reason}
            </Text>
          )}
        </Stack>
      </Group>
    )
  }
  if (live.phase !== 'streaming' || (!live.content && !live.thinking)) {
    return (
      <Group gap="sm" data-testid="answer-pending">
        <Loader size="sm" type="dots" />
        <Text size="sm" c="dimmed">
          {pendingText[live.phase]}
        </Text>
      </Group>
    )
  }
  return (
    <Stack gap="xs">
      {live.thinking && (
        <Spoiler maxHeight={48} showLabel="Show thinking" hideLabel="Hide thinking">
          <Text size="sm" c="dimmed" fs="italic" style={{ whiteSpace: 'pre-wrap' }}>
            {live.thinking}
          </Text>
        </Spoiler>
      )}
      <div data-testid="streaming-message" className="streaming-message">
        <Markdown text={live.content} />
      </div>
    </Stack>
  )
}
