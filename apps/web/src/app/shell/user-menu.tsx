import { Avatar, Menu, UnstyledButton } from '@mantine/core'
import { IconChartBar, IconKey, IconLogout, IconShieldLock } from '@tabler/icons-react'
import { Link } from 'react-router'
import { useLogout, useMe } from '@corral/web-kit'
import { paths } from '../paths.ts'

export function UserMenu() {
  const { data: me } = useMe()
  const logout = useLogout()
  return (
    <Menu position="bottom-end" width={200}>
      <Menu.Target>
        <UnstyledButton aria-label="Account">
          <Avatar radius="xl" size={34} color="blue" name={me?.username} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me ? `Signed in as ${me.username}` : 'Account'}</Menu.Label>
        <Menu.Item component={Link} to={paths.keys} leftSection={<IconKey size={14} />}>
          API keys
        </Menu.Item>
        <Menu.Item component={Link} to={paths.usage} leftSection={<IconChartBar size={14} />}>
          Usage
        </Menu.Item>
        {me?.role === 'admin' && (
          // The admin panel is another app: a full page load, not a client-side route.
          <Menu.Item component="a" href="/admin/" leftSection={<IconShieldLock size={14} />}>
            Admin panel
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={14} />} onClick={() => logout.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
