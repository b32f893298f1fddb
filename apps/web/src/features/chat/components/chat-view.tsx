import { Box, Center, Container, Loader, Stack, Text } from '@mantine/core'
import { useLayoutEffect, useRef } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { isHttpError } from '@corral/web-kit'
import { useConversation } from '../api/get-conversation.ts'
import { useChatActions } from '../hooks/use-chat-actions.ts'
import { ChatFailureAlert } from './chat-failure-alert.tsx'
import { Composer } from './composer.tsx'
import { ConnectionNotice } from './connection-notice.tsx'
import { MessageList } from './message-list.tsx'

/** Pixels from the bottom within which new text keeps the view scrolled to the end. */
const stickiness = 80

/** A conversation: its messages, the live answer, errors, and the message box. */
export function ChatView({
  conversationId,
  canAttachImages,
}: {
  conversationId: string
  canAttachImages: boolean
}) {
  const { data: conversation, error, isPending } = useConversation(conversationId)
  const actions = useChatActions(conversationId)
  const viewport = useRef<HTMLDivElement>(null)
  const stickToBottom = useRef(true)

  useLayoutEffect(() => {
    const element = viewport.current
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight
  }, [conversation?.messages.length, conversation?.live?.content, conversation?.live?.phase])

  if (isPending) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    )
  }
  if (error || !conversation) {
    const missing = isHttpError(error) && error.status === 404
    return (
      <Container size="sm" py="xl">
        <ProblemAlert
          problem={
            missing
              ? {
                  kind: 'other',
                  title: 'No such conversation',
                  message: 'It may have been deleted.',
                  retryAfterSeconds: null,
                }
              : describeError(error)
          }
        />
      </Container>
    )
  }

  const onScroll = () => {
    const element = viewport.current
    if (element)
      stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < stickiness
  }

  return (
    <Stack h="100%" gap={0}>
      <Box
        ref={viewport}
        onScroll={onScroll}
        style={{ flex: 1, overflowY: 'auto' }}
        data-testid="chat-scroll"
      >
        <Container size="md" py="md">
          {conversation.messages.length === 0 && !conversation.live && (
            <Text c="dimmed" ta="center" mt="xl">
              Ask {conversation.model} anything.
            </Text>
          )}
          <MessageList
            conversation={conversation}
            onRegenerate={() => void actions.regenerate()}
            onEdit={(id, content) => void actions.edit(id, content)}
          />
        </Container>
      </Box>
      <Container size="md" w="100%" pb="md" pt="xs">
        <Stack gap="xs">
          <ConnectionNotice />
          {conversation.failure && (
            <ChatFailureAlert
              failure={conversation.failure}
              onClose={actions.dismissFailure}
              // Answers the last question again (the server drops a failed partial answer first).
              onRetry={
                conversation.messages.some((message) => message.role === 'user')
                  ? () => void actions.regenerate()
                  : undefined
              }
            />
          )}
          <Composer
            busy={conversation.live !== null}
            canAttachImages={canAttachImages}
            placeholder={`Message ${conversation.model}`}
            onSend={(content, images) => actions.send(content, images)}
            onStop={actions.stop}
            draft={conversation.draft}
            onDraftTaken={actions.takeDraft}
          />
        </Stack>
      </Container>
    </Stack>
  )
}
