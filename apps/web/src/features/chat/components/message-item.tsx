import { ActionIcon, Badge, Box, Group, Image, Paper, Text, Tooltip } from '@mantine/core'
import { IconPencil, IconRefresh } from '@tabler/icons-react'
import type { Message } from '@corral/contracts'
import { memo } from 'react'
import { CopyTextButton } from '@corral/web-kit/ui'
import { Markdown } from '../../../components/markdown/markdown.tsx'
import { imageDataUrl } from '../../../lib/image-data.ts'

interface Props {
  message: Message
  /** Offered on the last answer only, and only while nothing is running. */
  onRegenerate?: () => void
  onEdit?: () => void
}

/** One stored message: the user's on the right as typed, the model's on the left as markdown. */
export const MessageItem = memo(function MessageItem({ message, onRegenerate, onEdit }: Props) {
  const mine = message.role === 'user'
  return (
    <Box
      data-testid="message"
      data-message-id={message.id}
      data-role={message.role}
      data-status={message.status}
      className="message"
      style={{ alignSelf: mine ? 'flex-end' : 'stretch', maxWidth: mine ? '85%' : '100%' }}
    >
      {mine ? (
        <Paper radius="lg" px="md" py="xs" bg="var(--mantine-color-default-hover)">
          {message.images?.length ? <Images images={message.images} /> : null}
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.content}</Text>
        </Paper>
      ) : (
        <Markdown text={message.content} />
      )}
      <Group gap={4} justify={mine ? 'flex-end' : 'flex-start'}>
        {/* The status stays visible: only the actions wait for a hover. */}
        <MessageStatus status={message.status} />
        <Group gap={4} className="message-actions">
          {!mine && message.model && (
            <Text size="xs" c="dimmed">
              {message.model}
            </Text>
          )}
          <CopyTextButton text={message.content} label="Copy message" size="sm" />
          {onEdit && (
            <Tooltip label="Edit and resend">
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Edit message" onClick={onEdit}>
                <IconPencil size={14} />
              </ActionIcon>
            </Tooltip>
          )}
          {onRegenerate && (
            <Tooltip label="Regenerate">
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label="Regenerate answer"
                onClick={onRegenerate}
              >
                <IconRefresh size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
    </Box>
  )
})

const statuses: Partial<Record<Message['status'], { label: string; color: string; explanation: string }>> = {
  stopped: { label: 'Stopped', color: 'gray', explanation: 'The answer was stopped before it finished.' },
  error: { label: 'Failed', color: 'red', explanation: 'The model failed while answering.' },
}

/** Says that an answer is incomplete: stopped on request, or cut off by a failure. */
function MessageStatus({ status }: { status: Message['status'] }) {
  const shown = statuses[status]
  if (!shown) return null
  return (
    <Tooltip label={shown.explanation}>
      <Badge size="xs" variant="light" color={shown.color} data-testid="message-status">
        {shown.label}
      </Badge>
    </Tooltip>
  )
}

export function Images({ images }: { images: string[] }) {
  return (
    <Group gap="xs" mb="xs" justify="flex-end">
      {images.map((image, index) => (
        <Image
          key={index}
          src={image.startsWith('data:') ? image : imageDataUrl(image)}
          alt={`Image ${index + 1}`}
          h={96}
          w="auto"
          radius="sm"
        />
      ))}
    </Group>
  )
}
