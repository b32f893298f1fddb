import { ActionIcon, Group, Menu, NavLink } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react'
import type { ConversationSummary } from '@corral/contracts'
import { Link } from 'react-router'
import { DeleteConversationModal } from './delete-conversation-modal.tsx'
import { RenameConversationModal } from './rename-conversation-modal.tsx'

interface Props {
  conversation: ConversationSummary
  href: string
  active: boolean
  onNavigate: () => void
  onDeleted: () => void
}

export function ConversationListItem({ conversation, href, active, onNavigate, onDeleted }: Props) {
  const [renaming, rename] = useDisclosure(false)
  const [deleting, remove] = useDisclosure(false)

  return (
    <Group gap={0} wrap="nowrap" className="conversation-item" data-active={active || undefined}>
      <NavLink
        component={Link}
        to={href}
        onClick={onNavigate}
        active={active}
        label={conversation.title}
        description={conversation.model}
        aria-current={active ? 'page' : undefined}
        styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } }}
        style={{ flex: 1, minWidth: 0, borderRadius: 'var(--mantine-radius-sm)' }}
      />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${conversation.title}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={rename.open}>
            Rename
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={remove.open}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <RenameConversationModal conversation={conversation} opened={renaming} onClose={rename.close} />
      <DeleteConversationModal
        conversation={conversation}
        opened={deleting}
        onClose={remove.close}
        onDeleted={onDeleted}
      />
    </Group>
  )
}
