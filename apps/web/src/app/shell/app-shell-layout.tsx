import { AppShell, Burger, Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core'
import { useDisclosure, useReducedMotion } from '@mantine/hooks'
import { IconChartBar, IconKey } from '@tabler/icons-react'
import { Link, Outlet, useLocation, useMatch, useNavigate } from 'react-router'
import { ConversationSidebar } from '../../features/conversations/components/conversation-sidebar.tsx'
import { ColorSchemeToggle } from '../../features/settings/components/color-scheme-toggle.tsx'
import { paths } from '../paths.ts'
import { UserMenu } from './user-menu.tsx'

/** Header, a navbar of conversations that collapses (a drawer on phones), and the page. */
export function AppShellLayout() {
  const [mobileOpened, mobile] = useDisclosure(false)
  const [desktopOpened, desktop] = useDisclosure(true)
  const conversationId = useMatch('/c/:conversationId')?.params.conversationId
  const { pathname } = useLocation()
  const navigate = useNavigate()
  const reduceMotion = useReducedMotion()

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 300, breakpoint: 'sm', collapsed: { mobile: !mobileOpened, desktop: !desktopOpened } }}
      padding={0}
      transitionDuration={reduceMotion ? 0 : 200}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={mobileOpened}
              onClick={mobile.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Burger
              opened={desktopOpened}
              onClick={desktop.toggle}
              visibleFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <UnstyledButton component={Link} to={paths.home} aria-label="Corral home">
              <Group gap={8} wrap="nowrap">
                <img src="/favicon.svg" alt="" width={24} height={24} />
                <Text fw={700} size="lg">
                  Corral
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow style={{ minHeight: 0 }}>
          <ConversationSidebar
            activeId={conversationId}
            hrefFor={paths.conversation}
            newChatHref={paths.home}
            onNavigate={mobile.close}
            onDeleted={(id) => id === conversationId && void navigate(paths.home)}
          />
        </AppShell.Section>
        <AppShell.Section pt="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <Stack gap={2}>
            <NavLink
              component={Link}
              to={paths.keys}
              label="API keys"
              leftSection={<IconKey size={16} />}
              active={pathname === paths.keys}
              onClick={mobile.close}
            />
            <NavLink
              component={Link}
              to={paths.usage}
              label="Usage"
              leftSection={<IconChartBar size={16} />}
              active={pathname === paths.usage}
              onClick={mobile.close}
            />
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main h="100dvh">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  )
}
