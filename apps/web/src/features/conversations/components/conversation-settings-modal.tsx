import { Button, Checkbox, Group, Modal, NumberInput, Slider, Stack, Text, Textarea } from '@mantine/core'
import type { ChatOptions, Conversation } from '@corral/contracts'
import { useState, type FormEvent } from 'react'
import { useUpdateConversation } from '../api/update-conversation.ts'

type Settings = Pick<Conversation, 'id' | 'system_prompt' | 'options'>

/** The system prompt and model parameters of one conversation, saved on the server with it. */
export function ConversationSettingsModal({
  conversation,
  opened,
  onClose,
}: {
  conversation: Settings
  opened: boolean
  onClose: () => void
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Conversation settings" size="lg">
      {opened && <SettingsForm conversation={conversation} onDone={onClose} />}
    </Modal>
  )
}

function SettingsForm({ conversation, onDone }: { conversation: Settings; onDone: () => void }) {
  const [systemPrompt, setSystemPrompt] = useState(conversation.system_prompt)
  const [temperature, setTemperature] = useState<number | null>(conversation.options.temperature ?? null)
  const [contextLength, setContextLength] = useState<number | string>(conversation.options.num_ctx ?? '')
  const update = useUpdateConversation()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    // Unset parameters are left out, so the model's own defaults apply.
    const options: ChatOptions = {}
    if (temperature !== null) options.temperature = temperature
    if (typeof contextLength === 'number') options.num_ctx = contextLength
    update.mutate(
      { id: conversation.id, changes: { system_prompt: systemPrompt, options } },
      { onSuccess: onDone },
    )
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="lg">
        <Textarea
          label="System prompt"
          description="Instructions the model sees before every message of this conversation"
          autosize
          minRows={3}
          maxRows={12}
          maxLength={20_000}
          data-autofocus
          value={systemPrompt}
          onChange={(event) => setSystemPrompt(event.currentTarget.value)}
        />
        <div>
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={500}>
              Temperature{' '}
              {temperature !== null && (
                <Text span c="dimmed">
                  ({temperature.toFixed(1)})
                </Text>
              )}
            </Text>
            <Checkbox
              size="xs"
              label="Model default"
              checked={temperature === null}
              onChange={(event) => setTemperature(event.currentTarget.checked ? null : 0.8)}
            />
          </Group>
          <Text size="xs" c="dimmed" mb="xs">
            Lower is more focused and repeatable, higher more varied
          </Text>
          <Slider
            aria-label="Temperature"
            min={0}
            max={2}
            step={0.1}
            disabled={temperature === null}
            value={temperature ?? 0.8}
            onChange={setTemperature}
            marks={[{ value: 0 }, { value: 1 }, { value: 2 }].map((mark) => ({
              ...mark,
              label: String(mark.value),
            }))}
          />
        </div>
        <NumberInput
          mt="md"
          label="Context length (num_ctx)"
          description="Tokens of conversation the model keeps in view; empty means the model's default"
          placeholder="Model default"
          min={256}
          max={1_048_576}
          step={1024}
          thousandSeparator=","
          allowDecimal={false}
          value={contextLength}
          onChange={setContextLength}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
