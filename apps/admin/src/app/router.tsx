import { Center, Loader } from '@mantine/core'
import type { ComponentType } from 'react'
import { createBrowserRouter, type RouteObject } from 'react-router'
import { paths } from './paths.ts'
import { NotAdminRoute } from './routes/not-admin-route.tsx'
import { NotFoundRoute } from './routes/not-found-route.tsx'
import { RouteError } from './routes/route-error.tsx'
import { SignInRoute } from './routes/sign-in-route.tsx'
import { AdminGate } from './shell/admin-gate.tsx'
import { SessionGate } from './shell/session-gate.tsx'

/** Every page is its own chunk, loaded on first visit: the first load carries only the shell. */
const lazyPage = (path: string, load: () => Promise<{ Component: ComponentType }>): RouteObject => ({
  path,
  lazy: load,
})

export const router = createBrowserRouter(
  [
    {
      element: <SessionGate />,
      errorElement: <RouteError />,
      // The first page is a lazy chunk: show the same spinner the session gate shows meanwhile.
      hydrateFallbackElement: (
        <Center h="100dvh">
          <Loader aria-label="Loading" />
        </Center>
      ),
      children: [
        { path: paths.signIn, element: <SignInRoute /> },
        { path: paths.notAdmin, element: <NotAdminRoute /> },
        {
          element: <AdminGate />,
          children: [
            {
              index: true,
              lazy: async () => ({ Component: (await import('./routes/overview-route.tsx')).OverviewRoute }),
            },
            lazyPage(paths.users, async () => ({
              Component: (await import('./routes/users-route.tsx')).UsersRoute,
            })),
            lazyPage('/users/:userId', async () => ({
              Component: (await import('./routes/user-route.tsx')).UserRoute,
            })),
            lazyPage(paths.groups, async () => ({
              Component: (await import('./routes/groups-route.tsx')).GroupsRoute,
            })),
            lazyPage(paths.keys, async () => ({
              Component: (await import('./routes/keys-route.tsx')).KeysRoute,
            })),
            lazyPage(paths.invitations, async () => ({
              Component: (await import('./routes/invitations-route.tsx')).InvitationsRoute,
            })),
            lazyPage(paths.allowlist, async () => ({
              Component: (await import('./routes/allowlist-route.tsx')).AllowlistRoute,
            })),
            lazyPage(paths.settings, async () => ({
              Component: (await import('./routes/settings-route.tsx')).SettingsRoute,
            })),
            lazyPage(paths.backends, async () => ({
              Component: (await import('./routes/backends-route.tsx')).BackendsRoute,
            })),
            lazyPage(paths.audit, async () => ({
              Component: (await import('./routes/audit-route.tsx')).AuditRoute,
            })),
            lazyPage(paths.alerts, async () => ({
              Component: (await import('./routes/alerts-route.tsx')).AlertsRoute,
            })),
            lazyPage(paths.dashboards, async () => ({
              Component: (await import('./routes/dashboards-route.tsx')).DashboardsRoute,
            })),
            lazyPage(paths.fairness, async () => ({
              Component: (await import('./routes/fairness-route.tsx')).FairnessRoute,
            })),
            lazyPage(paths.requests, async () => ({
              Component: (await import('./routes/requests-route.tsx')).RequestsRoute,
            })),
            lazyPage(paths.queue, async () => ({
              Component: (await import('./routes/queue-route.tsx')).QueueRoute,
            })),
            { path: '*', element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ],
  { basename: '/admin' },
)
