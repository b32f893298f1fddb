import { Menu } from '@mantine/core'
import { IconKey, IconLock, IconLockOpen, IconLogout, IconPencil, IconTrash } from '@tabler/icons-react'
import type { AdminUser } from '@corral/contracts'
import { useMe } from '@corral/web-kit'

export type UserAction = 'edit' | 'disable' | 'enable' | 'reset-password' | 'sign-out' | 'delete'

/**
 * The actions on a user, the same in the list's row menu and on their page. Your own account cannot
 * be disabled or deleted from here (the server refuses too), so the panel cannot lose its last admin
 * by a slip.
 */
export function UserActionItems({
  user,
  onAction,
}: {
  user: AdminUser
  onAction: (action: UserAction) => void
}) {
  const self = useMe().data?.id === user.id
  const selfHint = self ? 'Not your own account: another admin can do this' : undefined
  return (
    <>
      <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onAction('edit')}>
        Change role or group
      </Menu.Item>
      {user.disabled ? (
        <Menu.Item leftSection={<IconLockOpen size={14} />} onClick={() => onAction('enable')}>
          Enable
        </Menu.Item>
      ) : (
        <Menu.Item
          leftSection={<IconLock size={14} />}
          onClick={() => onAction('disable')}
          disabled={self}
          title={selfHint}
        >
          Disable
        </Menu.Item>
      )}
      <Menu.Item leftSection={<IconKey size={14} />} onClick={() => onAction('reset-password')}>
        Reset password
      </Menu.Item>
      <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => onAction('sign-out')}>
        Sign out everywhere
      </Menu.Item>
      <Menu.Divider />
      <Menu.Item
        color="red"
        leftSection={<IconTrash size={14} />}
        onClick={() => onAction('delete')}
        disabled={self}
        title={selfHint}
      >
        Delete
      </Menu.Item>
      {self && (
        <Menu.Label maw={240} style={{ whiteSpace: 'normal' }}>
          This is you: another admin can disable, demote or delete your account.
        </Menu.Label>
      )}
    </>
  )
}
