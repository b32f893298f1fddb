import { ActionIcon, Box, Group, Stack, Text, Tooltip } from '@mantine/core'
import { useDisclosure, useDocumentTitle } from '@mantine/hooks'
import { IconAdjustments } from '@tabler/icons-react'
import { useConversation } from '../../features/chat/api/get-conversation.ts'
import { ChatView } from '../../features/chat/components/chat-view.tsx'
import { useUpdateConversation } from '../../features/conversations/api/update-conversation.ts'
import { ConversationSettingsModal } from '../../features/conversations/components/conversation-settings-modal.tsx'
import { ModelSelect } from '../../features/models/components/model-select.tsx'
import { ModelsUnavailable } from '../../features/models/components/models-unavailable.tsx'
import { useModelAvailability } from '../../features/models/hooks/use-model-availability.ts'
import { useModelCapabilities } from '../../features/models/hooks/use-model-capabilities.ts'

/** A conversation: its title, model and settings on top, the chat below. */
export function ConversationPage({ conversationId }: { conversationId: string }) {
  const { data: conversation } = useConversation(conversationId)
  const capabilities = useModelCapabilities(conversation?.model)
  const update = useUpdateConversation()
  const [settingsOpened, settings] = useDisclosure(false)
  const availability = useModelAvailability()
  useDocumentTitle(conversation ? `${conversation.title} · Corral` : 'Corral')

  return (
    <Stack h="100%" gap={0}>
      {conversation && (
        <Group
          px="md"
          py="xs"
          gap="sm"
          wrap="nowrap"
          justify="space-between"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Text fw={600} truncate data-testid="conversation-title">
            {conversation.title}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <ModelSelect
              size="xs"
              w={200}
              value={conversation.model}
              disabled={conversation.live !== null}
              onChange={(model) => update.mutate({ id: conversationId, changes: { model } })}
            />
            <Tooltip label="System prompt and parameters">
              <ActionIcon variant="default" aria-label="Conversation settings" onClick={settings.open}>
                <IconAdjustments size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <ConversationSettingsModal
            conversation={conversation}
            opened={settingsOpened}
            onClose={settings.close}
          />
        </Group>
      )}
      {availability.state === 'backends-down' && (
        <Box px="md" pt="sm">
          <ModelsUnavailable availability={availability} />
        </Box>
      )}
      <div style={{ flex: 1, minHeight: 0 }}>
        <ChatView conversationId={conversationId} canAttachImages={capabilities.includes('vision')} />
      </div>
    </Stack>
  )
}
