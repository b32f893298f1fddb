import { Anchor, Badge, Button, Card, Group, Menu, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconChevronDown } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { AdminUser } from '@corral/contracts'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { UserActionItems, type UserAction } from './user-action-items.tsx'

/** The top of a user's page: who they are, and what can be done to them. */
export function UserSummary({
  user,
  onAction,
  backHref,
}: {
  user: AdminUser
  onAction: (action: UserAction) => void
  backHref: string
}) {
  return (
    <Stack gap="sm">
      <Anchor component={Link} to={backHref} size="sm">
        ← Users
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={2}>{user.username}</Title>
          {user.role === 'admin' && <Badge>admin</Badge>}
          <StatusBadge status={user.disabled ? 'disabled' : 'active'} />
        </Group>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              Actions
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <UserActionItems user={user} onAction={onAction} />
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          <Fact label="Group">
            {user.group_name} (priority {user.priority})
          </Fact>
          <Fact label="Last active">
            <RelativeTime iso={user.last_active_at} />
          </Fact>
          <Fact label="Created">
            <RelativeTime iso={user.created_at} />
          </Fact>
          <Fact label="API keys">{user.active_key_count}</Fact>
          <Fact label="Disabled">{user.disabled_at ? <RelativeTime iso={user.disabled_at} /> : 'no'}</Fact>
        </SimpleGrid>
      </Card>
    </Stack>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  )
}
