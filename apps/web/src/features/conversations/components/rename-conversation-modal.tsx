import { Button, Group, Modal, TextInput } from '@mantine/core'
import type { ConversationSummary } from '@corral/contracts'
import { useState, type FormEvent } from 'react'
import { useUpdateConversation } from '../api/update-conversation.ts'

export function RenameConversationModal({
  conversation,
  opened,
  onClose,
}: {
  conversation: ConversationSummary
  opened: boolean
  onClose: () => void
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Rename conversation">
      {/* Mounted only while open, so it starts from the current title each time. */}
      {opened && <RenameForm conversation={conversation} onDone={onClose} />}
    </Modal>
  )
}

function RenameForm({ conversation, onDone }: { conversation: ConversationSummary; onDone: () => void }) {
  const [title, setTitle] = useState(conversation.title)
  const update = useUpdateConversation()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    update.mutate({ id: conversation.id, changes: { title: title.trim() } }, { onSuccess: onDone })
  }
  return (
    <form onSubmit={submit}>
      <TextInput
        label="Title"
        data-autofocus
        maxLength={200}
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
      />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending} disabled={!title.trim()}>
          Rename
        </Button>
      </Group>
    </form>
  )
}
