/**
 * Where each page lives, below the router's `/admin` basename (the gateway serves this app's
 * index.html for every `/admin/…` path a browser asks for).
 */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  notAdmin: '/not-an-admin',
  users: '/users',
  user: (id: string) => `/users/${id}`,
  groups: '/groups',
  keys: '/keys',
  invitations: '/invitations',
  allowlist: '/ip-allowlist',
  settings: '/settings',
  backends: '/backends',
  audit: '/audit',
  queue: '/queue',
  dashboards: '/dashboards',
  fairness: '/fairness',
  requests: '/requests',
  alerts: '/alerts',
} as const

/** The chat app is another app on this origin: links to it are full page loads. */
export const chatAppUrl = '/'
