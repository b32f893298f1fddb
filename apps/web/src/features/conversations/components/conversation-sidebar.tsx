import { Button, CloseButton, Loader, ScrollArea, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router'
import { useConversations } from '../api/get-conversations.ts'
import { ConversationListItem } from './conversation-list-item.tsx'

export interface ConversationSidebarProps {
  activeId: string | undefined
  hrefFor: (id: string) => string
  newChatHref: string
  /** Called after following a link, so a phone layout can close the navbar. */
  onNavigate: () => void
  onDeleted: (id: string) => void
}

/** New chat, search (titles and message text, on the server) and the list of conversations. */
export function ConversationSidebar({
  activeId,
  hrefFor,
  newChatHref,
  onNavigate,
  onDeleted,
}: ConversationSidebarProps) {
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const { data: conversations, isLoading, isFetching, error } = useConversations(debounced)

  return (
    <Stack gap="sm" h="100%" mih={0}>
      <Button
        component={Link}
        to={newChatHref}
        onClick={onNavigate}
        leftSection={<IconPlus size={16} />}
        variant="light"
      >
        New chat
      </Button>
      <TextInput
        aria-label="Search conversations"
        placeholder="Search conversations"
        leftSection={isFetching && debounced ? <Loader size={14} /> : <IconSearch size={16} />}
        rightSection={
          search && <CloseButton aria-label="Clear search" size="sm" onClick={() => setSearch('')} />
        }
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
      />
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
        <Stack gap={2} component="nav" aria-label="Conversations">
          {isLoading && <Loader size="sm" mx="auto" my="md" />}
          {error && (
            <Text size="sm" c="red">
              Could not load your conversations.
            </Text>
          )}
          {conversations?.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="md">
              {debounced ? 'Nothing matches.' : 'No conversations yet.'}
            </Text>
          )}
          {conversations?.map((conversation) => (
            <ConversationListItem
              key={conversation.id}
              conversation={conversation}
              href={hrefFor(conversation.id)}
              active={conversation.id === activeId}
              onNavigate={onNavigate}
              onDeleted={() => onDeleted(conversation.id)}
            />
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  )
}
