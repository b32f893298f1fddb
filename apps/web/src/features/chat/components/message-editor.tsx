import { Button, Group, Paper, Textarea } from '@mantine/core'
import { useState, type KeyboardEvent } from 'react'

/** Rewrites a question; sending it drops everything after it and answers again. */
export function MessageEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: string
  onSave: (content: string) => void
  onCancel: () => void
}) {
  const [text, setText] = useState(initial)
  const save = () => text.trim() && onSave(text.trim())
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      save()
    } else if (event.key === 'Escape') {
      onCancel()
    }
  }
  return (
    <Paper withBorder radius="lg" p="xs" style={{ alignSelf: 'stretch' }}>
      <Textarea
        aria-label="Edit message"
        autosize
        minRows={2}
        maxRows={10}
        autoFocus
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <Group justify="flex-end" gap="xs" mt="xs">
        <Button size="xs" variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="xs" onClick={save} disabled={!text.trim()}>
          Save and send
        </Button>
      </Group>
    </Paper>
  )
}
