import { Button, Group, Modal, Text } from '@mantine/core'
import type { ConversationSummary } from '@corral/contracts'
import { useDeleteConversation } from '../api/delete-conversation.ts'

interface Props {
  conversation: ConversationSummary
  opened: boolean
  onClose: () => void
  onDeleted: () => void
}

export function DeleteConversationModal({ conversation, opened, onClose, onDeleted }: Props) {
  const remove = useDeleteConversation()
  return (
    <Modal opened={opened} onClose={onClose} title="Delete conversation?">
      <Text size="sm">
        “{conversation.title}” and all its messages will be deleted from the server. This cannot be undone.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(conversation.id, {
              onSuccess: () => {
                onClose()
                onDeleted()
              },
            })
          }
        >
          Delete
        </Button>
      </Group>
    </Modal>
  )
}
