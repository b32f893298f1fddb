import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus, IconTrash, IconUserPin } from '@tabler/icons-react'
import { canonicalCidr } from '../../../lib/cidr-input.ts'
import { monospaceInput } from '../../../lib/monospace-input.ts'
import { draftEntry, type DraftEntry } from './allowlist-draft.ts'

/** Rows of range and note, each checked as it is typed; the canonical form shows when it differs. */
export function AllowlistEntriesEditor({
  entries,
  errors,
  onChange,
  yourAddress,
}: {
  entries: DraftEntry[]
  errors: Record<string, string>
  onChange: (entries: DraftEntry[]) => void
  yourAddress: string
}) {
  const update = (key: string, patch: Partial<DraftEntry>) =>
    onChange(entries.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)))
  return (
    <Stack gap="xs">
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          No entries. An enabled list without entries admits nobody.
        </Text>
      )}
      {entries.map((entry, index) => {
        const canonical = canonicalCidr(entry.cidr)
        const hint = canonical && canonical !== entry.cidr.trim() ? `Saved as ${canonical}` : undefined
        return (
          <Group key={entry.key} align="flex-start" gap="xs" wrap="nowrap" data-testid="allowlist-entry">
            <TextInput
              aria-label={`Address or range ${index + 1}`}
              placeholder="10.0.0.0/8 or 2001:db8::/32"
              value={entry.cidr}
              onChange={(event) => update(entry.key, { cidr: event.currentTarget.value })}
              error={entry.cidr.trim() ? errors[entry.key] : undefined}
              description={hint}
              styles={monospaceInput}
              w={260}
            />
            <TextInput
              aria-label={`Note ${index + 1}`}
              placeholder="What it is, e.g. office VPN"
              value={entry.note}
              maxLength={200}
              onChange={(event) => update(entry.key, { note: event.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Remove ${entry.cidr || `entry ${index + 1}`}`}
              onClick={() => onChange(entries.filter((other) => other.key !== entry.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        )
      })}
      <Group gap="xs">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...entries, draftEntry()])}
        >
          Add an entry
        </Button>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconUserPin size={14} />}
          onClick={() => onChange([...entries, draftEntry({ cidr: yourAddress, note: 'my address' })])}
        >
          Add my address ({yourAddress})
        </Button>
      </Group>
    </Stack>
  )
}
