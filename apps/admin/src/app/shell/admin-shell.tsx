import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core'
import { useDisclosure, useMediaQuery, useReducedMotion } from '@mantine/hooks'
import { IconMessageCircle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { LiveEventsProvider, LiveStatusBadge } from '../../lib/live-events/index.ts'
import { chatAppUrl, paths } from '../paths.ts'
import { AccountMenu } from './account-menu.tsx'
import { ColorSchemeMenu } from './color-scheme-menu.tsx'
import { navigation } from './navigation.ts'

/**
 * The live-events connection (one per tab, for every page), header, the sidebar of every page (a drawer below tablet width, where the burger opens it), and the
 * page. A skip link jumps past the navigation to the page's content.
 */
export function AdminShell({ children }: { children: ReactNode }) {
  const [opened, drawer] = useDisclosure(false)
  const { pathname } = useLocation()
  const reduceMotion = useReducedMotion()
  // Below the sm breakpoint the closed drawer is off screen: keep keyboard focus out of it too.
  const narrow = useMediaQuery('(max-width: 47.99em)')

  return (
    <LiveEventsProvider>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: { sm: 210, lg: 240 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="lg"
        transitionDuration={reduceMotion ? 0 : 200}
      >
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={drawer.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Navigation"
              />
              <UnstyledButton component={Link} to={paths.home} aria-label="Corral admin home">
                <Group gap={8} wrap="nowrap">
                  <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={24} height={24} />
                  <Text fw={700} size="lg">
                    Corral
                  </Text>
                  <Badge variant="light" size="sm">
                    admin
                  </Badge>
                </Group>
              </UnstyledButton>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <LiveStatusBadge />
              <Button
                component="a"
                href={chatAppUrl}
                variant="subtle"
                size="sm"
                leftSection={<IconMessageCircle size={16} />}
                visibleFrom="xs"
              >
                Chat
              </Button>
              <ColorSchemeMenu />
              <AccountMenu />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar inert={narrow && !opened}>
          <AppShell.Section grow component={ScrollArea} p="sm">
            <nav aria-label="Admin pages">
              <Stack gap="md">
                {navigation.map((section) => (
                  <Stack key={section.label} gap={2}>
                    <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4}>
                      {section.label}
                    </Text>
                    {section.items.map((item) => (
                      <NavLink
                        key={item.path}
                        component={Link}
                        to={item.path}
                        label={item.label}
                        leftSection={<item.icon size={18} stroke={1.6} />}
                        active={pathname === item.path || pathname.startsWith(`${item.path}/`)}
                        aria-current={pathname === item.path ? 'page' : undefined}
                        onClick={drawer.close}
                      />
                    ))}
                  </Stack>
                ))}
              </Stack>
            </nav>
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          {children}
        </AppShell.Main>
      </AppShell>
    </LiveEventsProvider>
  )
}
