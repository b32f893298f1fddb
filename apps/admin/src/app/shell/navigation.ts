import {
  IconAlarm,
  IconChartLine,
  IconClipboardList,
  IconKey,
  IconListDetails,
  IconMailPlus,
  IconScale,
  IconServer2,
  IconSettings,
  IconShieldLock,
  IconStack2,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react'
import { paths } from '../paths.ts'

export interface NavItem {
  label: string
  path: string
  icon: Icon
}

export interface NavSection {
  label: string
  items: NavItem[]
}

/** Every page of the panel, in the order of the sidebar; each path has its route in router.tsx. */
export const navigation: NavSection[] = [
  {
    label: 'People',
    items: [
      { label: 'Users', path: paths.users, icon: IconUsers },
      { label: 'Groups', path: paths.groups, icon: IconUsersGroup },
      { label: 'API keys', path: paths.keys, icon: IconKey },
      { label: 'Invitations', path: paths.invitations, icon: IconMailPlus },
    ],
  },
  {
    label: 'System',
    items: [
      { label: 'Backends and models', path: paths.backends, icon: IconServer2 },
      { label: 'IP allowlist', path: paths.allowlist, icon: IconShieldLock },
      { label: 'Settings', path: paths.settings, icon: IconSettings },
      { label: 'Audit log', path: paths.audit, icon: IconClipboardList },
    ],
  },
  {
    label: 'Monitoring',
    items: [
      { label: 'Queue board', path: paths.queue, icon: IconStack2 },
      {
        label: 'Dashboards',
        path: paths.dashboards,
        icon: IconChartLine,
      },
      {
        label: 'Fairness',
        path: paths.fairness,
        icon: IconScale,
      },
      {
        label: 'Request log',
        path: paths.requests,
        icon: IconListDetails,
      },
      { label: 'Alerts', path: paths.alerts, icon: IconAlarm },
    ],
  },
]

export const navItems = navigation.flatMap((section) => section.items)
