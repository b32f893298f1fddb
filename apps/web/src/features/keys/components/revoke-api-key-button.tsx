import { Button, Group, Modal, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ApiKey } from '@corral/contracts'
import { useRevokeApiKey } from '../api/revoke-api-key.ts'

export function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const [opened, confirm] = useDisclosure(false)
  const revoke = useRevokeApiKey()
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        onClick={confirm.open}
        aria-label={`Revoke ${apiKey.name}`}
      >
        Revoke
      </Button>
      <Modal opened={opened} onClose={confirm.close} title="Revoke this key?">
        <Text size="sm">
          Programs using “{apiKey.name}” ({apiKey.prefix}…) stop working within a few seconds. This cannot be
          undone.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={confirm.close}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={revoke.isPending}
            onClick={() => revoke.mutate(apiKey.id, { onSuccess: confirm.close })}
          >
            Revoke key
          </Button>
        </Group>
      </Modal>
    </>
  )
}
