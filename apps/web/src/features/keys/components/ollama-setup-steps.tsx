import { Code, Group, List, Text } from '@mantine/core'
import { CopyTextButton } from '@corral/web-kit/ui'

function Command({ text }: { text: string }) {
  return (
    <Group gap="xs" wrap="nowrap" mt={4}>
      <Code block style={{ flex: 1 }}>
        {text}
      </Code>
      <CopyTextButton text={text} label="Copy command" size="sm" />
    </Group>
  )
}

/** How to let the `ollama` CLI sign its requests with its own key instead of an API key. */
export function OllamaSetupSteps() {
  const server = window.location.origin
  return (
    <List type="ordered" spacing="sm" size="sm">
      <List.Item>
        <Text size="sm">
          Print the public key the ollama CLI created (run ollama once if the file is missing):
        </Text>
        <Command text="cat ~/.ollama/id_ed25519.pub" />
      </List.Item>
      <List.Item>
        <Text size="sm">Paste the whole line below and register it.</Text>
      </List.Item>
      <List.Item>
        <Text size="sm">Point the CLI at this server with signing turned on:</Text>
        <Command text={`OLLAMA_AUTH=1 OLLAMA_HOST=${server} ollama run llama3.2`} />
      </List.Item>
    </List>
  )
}
