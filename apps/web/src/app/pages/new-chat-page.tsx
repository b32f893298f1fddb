import { Container, Stack, Text, Title } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { Composer } from '../../features/chat/components/composer.tsx'
import { useChatActionsFor } from '../../features/chat/hooks/use-chat-actions.ts'
import { useCreateConversation } from '../../features/conversations/api/create-conversation.ts'
import { chatModels, modelsQueryOptions, sameModel } from '../../features/models/api/get-models.ts'
import { ModelSelect } from '../../features/models/components/model-select.tsx'
import { ModelsUnavailable } from '../../features/models/components/models-unavailable.tsx'
import { useModelAvailability } from '../../features/models/hooks/use-model-availability.ts'
import { useModelCapabilities } from '../../features/models/hooks/use-model-capabilities.ts'
import { paths } from '../paths.ts'

/** Pick a model and ask: the conversation is created on the server with the first message. */
export function NewChatPage() {
  const availability = useModelAvailability()
  const models = availability.state === 'ready' ? availability.models : []
  const unavailable = availability.state !== 'ready' && availability.state !== 'loading'
  const queryClient = useQueryClient()
  const [lastModel, setLastModel] = useLocalStorage<string | null>({
    key: 'corral-last-model',
    defaultValue: null,
  })
  const model =
    models.find((candidate) => lastModel && sameModel(candidate.name, lastModel))?.name ??
    models[0]?.name ??
    null
  const capabilities = useModelCapabilities(model ?? undefined)
  const create = useCreateConversation()
  const actionsFor = useChatActionsFor()
  const navigate = useNavigate()

  const start = async (content: string, images: string[]) => {
    // A quick typist may press Enter before the model list arrives: wait for it, do not drop the message.
    const chosen = model ?? chatModels(await queryClient.fetchQuery(modelsQueryOptions()))[0]?.name
    if (!chosen) return
    const conversation = await create.mutateAsync({ model: chosen })
    await navigate(paths.conversation(conversation.id))
    await actionsFor(conversation.id).send(content, images)
  }

  return (
    <Container size="md" h="100%" py="xl">
      <Stack h="100%" justify="center" gap="lg">
        <Stack gap={4} align="center">
          <Title order={2}>What can I help with?</Title>
          <Text c="dimmed" size="sm">
            Answers stream as they are written, and every conversation is kept on the server.
          </Text>
        </Stack>
        <ModelSelect
          value={model}
          onChange={setLastModel}
          label="Model"
          maw={360}
          mx="auto"
          w="100%"
          disabled={models.length === 0}
        />
        <ModelsUnavailable availability={availability} />
        <Composer
          busy={create.isPending}
          disabled={unavailable}
          canAttachImages={capabilities.includes('vision')}
          onSend={(content, images) => start(content, images).catch(() => {})}
          onStop={() => {}}
        />
      </Stack>
    </Container>
  )
}
