import { Button, Card, Group, Loader, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { formatDateTime } from '../../../lib/format.ts'
import { useOllamaKeys } from '../api/get-ollama-keys.ts'
import { useRegisterOllamaKey } from '../api/register-ollama-key.ts'
import { useRemoveOllamaKey } from '../api/remove-ollama-key.ts'
import { OllamaSetupSteps } from './ollama-setup-steps.tsx'

/** Registered `~/.ollama/id_ed25519.pub` keys: the ollama CLI with OLLAMA_AUTH=1 signs in with them. */
export function OllamaKeysPanel() {
  const { data: keys, isLoading, error } = useOllamaKeys()
  const remove = useRemoveOllamaKey()

  return (
    <Card withBorder radius="md" p="lg">
      <Stack gap="md">
        <div>
          <Title order={3}>Ollama CLI keys</Title>
          <Text size="sm" c="dimmed">
            Use the ollama command line against this server without an API key.
          </Text>
        </div>
        <OllamaSetupSteps />
        <RegisterForm />
        {isLoading && <Loader size="sm" />}
        {error && <ProblemAlert problem={describeError(error)} />}
        {keys && keys.length > 0 && (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Fingerprint</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.map((key) => (
                  <Table.Tr key={key.id}>
                    <Table.Td>{key.name || '—'}</Table.Td>
                    <Table.Td ff="monospace" fz="xs">
                      {key.fingerprint}
                    </Table.Td>
                    <Table.Td>{key.last_used_at ? formatDateTime(key.last_used_at) : 'never'}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={remove.isPending && remove.variables === key.id}
                        onClick={() => remove.mutate(key.id)}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  )
}

function RegisterForm() {
  const [publicKey, setPublicKey] = useState('')
  const [name, setName] = useState('')
  const register = useRegisterOllamaKey()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    register.mutate(
      { public_key: publicKey.trim(), ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: () => {
          setPublicKey('')
          setName('')
        },
      },
    )
  }
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        {register.error && <ProblemAlert problem={describeError(register.error)} />}
        <Textarea
          label="Public key"
          placeholder="ssh-ed25519 AAAA… you@laptop"
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={publicKey}
          onChange={(event) => setPublicKey(event.currentTarget.value)}
        />
        <Group align="flex-end">
          <TextInput
            label="Name (optional)"
            placeholder="laptop"
            maxLength={100}
            style={{ flex: 1 }}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Button
            type="submit"
            loading={register.isPending}
            disabled={!publicKey.trim().startsWith('ssh-ed25519 ')}
          >
            Register key
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
