import { Paper, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { ChatConversation } from '../stream/chat-conversation.ts'
import { LiveAnswerView } from './live-answer.tsx'
import { Images, MessageItem } from './message-item.tsx'
import { MessageEditor } from './message-editor.tsx'

interface Props {
  conversation: ChatConversation
  onRegenerate: () => void
  onEdit: (messageId: string, content: string) => void
}

/** Stored messages, the question not yet acknowledged, and the live answer. */
export function MessageList({ conversation, onRegenerate, onEdit }: Props) {
  const [editing, setEditing] = useState<string | null>(null)
  const { messages, live } = conversation
  const last = messages.at(-1)

  return (
    <Stack gap="lg" className="message-list">
      {messages.map((message) =>
        editing === message.id ? (
          <MessageEditor
            key={message.id}
            initial={message.content}
            onCancel={() => setEditing(null)}
            onSave={(content) => {
              setEditing(null)
              onEdit(message.id, content)
            }}
          />
        ) : (
          <MessageItem
            key={message.id}
            message={message}
            onEdit={!live && message.role === 'user' ? () => setEditing(message.id) : undefined}
            onRegenerate={
              !live && message === last && message.role === 'assistant' ? onRegenerate : undefined
            }
          />
        ),
      )}
      {live?.pending_user && (
        <Paper
          radius="lg"
          px="md"
          py="xs"
          bg="var(--mantine-color-default-hover)"
          style={{ alignSelf: 'flex-end', maxWidth: '85%' }}
          data-testid="pending-message"
        >
          {live.pending_user.images.length > 0 && <Images images={live.pending_user.images} />}
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {live.pending_user.content}
          </Text>
        </Paper>
      )}
      {live && <LiveAnswerView live={live} />}
    </Stack>
  )
}
