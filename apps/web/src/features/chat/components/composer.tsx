import {
  ActionIcon,
  CloseButton,
  FileButton,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core'
import { IconArrowUp, IconPhoto, IconPlayerStopFilled } from '@tabler/icons-react'
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { imageDataUrl, readImageAsBase64 } from '../../../lib/image-data.ts'
import type { Question } from '../stream/chat-conversation.ts'

const maxImages = 8

export interface ComposerProps {
  /** An answer is on its way: the button stops it, and Enter does not send. */
  busy: boolean
  canAttachImages: boolean
  placeholder?: string
  disabled?: boolean
  onSend: (content: string, images: string[]) => void | Promise<void>
  onStop: () => void
  /** A question the server gave back (stopped or refused before its answer began): it is put back in
   * the box, before anything typed since, and `onDraftTaken` is called once it is. */
  draft?: Question | null
  onDraftTaken?: () => void
}

/** The message box: Enter sends, Shift+Enter adds a line, Escape stops the running answer. */
export function Composer({
  busy,
  canAttachImages,
  placeholder,
  disabled,
  onSend,
  onStop,
  draft,
  onDraftTaken,
}: ComposerProps) {
  const [text, setText] = useState('')
  const [images, setImages] = useState<{ base64: string; preview: string }[]>([])
  const textarea = useRef<HTMLTextAreaElement>(null)
  const restored = useRef<Question | null>(null)

  useEffect(() => {
    // Once per returned question, even when an effect runs twice (React's StrictMode).
    if (!draft || restored.current === draft) return
    restored.current = draft
    setText((typed) => (typed.trim() ? `${draft.content}\n\n${typed}` : draft.content))
    setImages((attached) => [
      ...draft.images.map((base64) => ({ base64, preview: imageDataUrl(base64) })),
      ...attached,
    ])
    textarea.current?.focus()
    onDraftTaken?.()
  }, [draft, onDraftTaken])
  const ready = !busy && !disabled && (text.trim().length > 0 || images.length > 0)

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!ready) return
    void onSend(
      text.trim(),
      images.map((image) => image.base64),
    )
    setText('')
    setImages([])
    textarea.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME composing a character uses Enter to confirm it; that Enter must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    } else if (event.key === 'Escape' && busy) {
      onStop()
    }
  }

  const attach = async (files: File[]) => {
    const read = await Promise.all(files.slice(0, maxImages - images.length).map(readImageAsBase64))
    setImages((current) => [...current, ...read])
  }

  return (
    <Paper component="form" onSubmit={submit} withBorder radius="lg" p="xs" shadow="xs">
      <Stack gap="xs">
        {images.length > 0 && (
          <Group gap="xs">
            {images.map((image, index) => (
              <div key={index} style={{ position: 'relative' }}>
                <Image
                  src={image.preview}
                  alt={`Attachment ${index + 1}`}
                  w={56}
                  h={56}
                  radius="sm"
                  fit="cover"
                />
                <CloseButton
                  size="xs"
                  aria-label={`Remove attachment ${index + 1}`}
                  style={{ position: 'absolute', top: -6, right: -6 }}
                  variant="filled"
                  radius="xl"
                  onClick={() => setImages((current) => current.filter((_, i) => i !== index))}
                />
              </div>
            ))}
          </Group>
        )}
        <Group gap="xs" align="flex-end" wrap="nowrap">
          {canAttachImages && (
            <FileButton
              onChange={(files) => void attach(files)}
              accept="image/png,image/jpeg,image/webp,image/gif"
              multiple
            >
              {(props) => (
                <Tooltip label="Attach images">
                  <ActionIcon
                    {...props}
                    variant="subtle"
                    color="gray"
                    size="lg"
                    aria-label="Attach images"
                    disabled={images.length >= maxImages}
                  >
                    <IconPhoto size={20} />
                  </ActionIcon>
                </Tooltip>
              )}
            </FileButton>
          )}
          <Textarea
            ref={textarea}
            aria-label="Message"
            placeholder={placeholder ?? 'Message'}
            autosize
            minRows={1}
            maxRows={8}
            variant="unstyled"
            px="xs"
            style={{ flex: 1 }}
            autoFocus
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          {busy ? (
            <Tooltip label="Stop (Esc)">
              <ActionIcon size="lg" radius="xl" color="red" aria-label="Stop" onClick={onStop}>
                <IconPlayerStopFilled size={16} />
              </ActionIcon>
            </Tooltip>
          ) : (
            <ActionIcon type="submit" size="lg" radius="xl" aria-label="Send" disabled={!ready}>
              <IconArrowUp size={18} />
            </ActionIcon>
          )}
        </Group>
      </Stack>
      <Text size="xs" c="dimmed" ta="right" px="xs" visibleFrom="sm">
        Enter to send · Shift+Enter for a new line{busy ? ' · Esc to stop' : ''}
      </Text>
    </Paper>
  )
}
