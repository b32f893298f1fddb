import { Avatar, Menu, UnstyledButton } from '@mantine/core'
import { IconLogout, IconMessageCircle } from '@tabler/icons-react'
import { useLogout, useMe } from '@corral/web-kit'
import { chatAppUrl } from '../paths.ts'

export function AccountMenu() {
  const { data: me } = useMe()
  const logout = useLogout()
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <UnstyledButton aria-label="Account">
          <Avatar radius="xl" size={34} color="violet" name={me?.username} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me ? `Signed in as ${me.username}` : 'Account'}</Menu.Label>
        <Menu.Item component="a" href={chatAppUrl} leftSection={<IconMessageCircle size={14} />}>
          Open the chat app
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={14} />} onClick={() => logout.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
