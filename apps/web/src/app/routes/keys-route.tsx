import { Stack, Title } from '@mantine/core'
import { ApiKeysPanel } from '../../features/keys/components/api-keys-panel.tsx'
import { OllamaKeysPanel } from '../../features/keys/components/ollama-keys-panel.tsx'
import { PageContainer } from '../shell/page-container.tsx'

export function KeysRoute() {
  return (
    <PageContainer>
      <Stack gap="lg">
        <Title order={2}>Keys</Title>
        <ApiKeysPanel />
        <OllamaKeysPanel />
      </Stack>
    </PageContainer>
  )
}
