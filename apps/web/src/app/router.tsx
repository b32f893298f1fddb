import { createBrowserRouter } from 'react-router'
import { paths } from './paths.ts'
import { ProtectedLayout } from './shell/protected-layout.tsx'
import { SessionGate } from './shell/session-gate.tsx'
import { ConversationRoute } from './routes/conversation-route.tsx'
import { NewChatRoute } from './routes/new-chat-route.tsx'
import { NotFoundRoute } from './routes/not-found-route.tsx'
import { RegisterRoute } from './routes/register-route.tsx'
import { RouteError } from './routes/route-error.tsx'
import { SignInRoute } from './routes/sign-in-route.tsx'

export const router = createBrowserRouter([
  {
    element: <SessionGate />,
    errorElement: <RouteError />,
    children: [
      { path: paths.signIn, element: <SignInRoute /> },
      { path: paths.register, element: <RegisterRoute /> },
      {
        element: <ProtectedLayout />,
        children: [
          { index: true, element: <NewChatRoute /> },
          { path: 'c/:conversationId', element: <ConversationRoute /> },
          // Loaded on first visit: the usage chart brings recharts, which the chat does not need.
          {
            path: paths.keys,
            lazy: async () => ({ Component: (await import('./routes/keys-route.tsx')).KeysRoute }),
          },
          {
            path: paths.usage,
            lazy: async () => ({ Component: (await import('./routes/usage-route.tsx')).UsageRoute }),
          },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
])
