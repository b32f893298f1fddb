import { Menu } from '@mantine/core'
import { IconKey, IconLock, IconLockOpen, IconLogout, IconPencil, IconTrash } from '@tabler/icons-react'
import type { AdminUser } from '@corral/contracts'

export type UserAction = 'edit' | 'disable' | 'enable' | 'reset-password' | 'sign-out' | 'delete'

/** The actions on a user, the same in the list's row menu and on their page. */
export function UserActionItems({
  user,
  onAction,
}: {
  user: AdminUser
  onAction: (action: UserAction) => void
}) {
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
        <Menu.Item leftSection={<IconLock size={14} />} onClick={() => onAction('disable')}>
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
      <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onAction('delete')}>
        Delete
      </Menu.Item>
    </>
  )
}
