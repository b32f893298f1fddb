import { Alert, Group, type AlertProps } from '@mantine/core'
import type { ReactNode } from 'react'
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconClockPause,
  IconLock,
  IconPlugConnectedX,
} from '@tabler/icons-react'
import { retryHint, type Problem, type ProblemKind } from '../lib/describe-problem.ts'

const looks: Record<ProblemKind, { color: string; icon: typeof IconAlertTriangle }> = {
  busy: { color: 'yellow', icon: IconClockPause },
  limit: { color: 'orange', icon: IconClockPause },
  down: { color: 'red', icon: IconPlugConnectedX },
  'signed-out': { color: 'gray', icon: IconLock },
  invalid: { color: 'orange', icon: IconAlertCircle },
  other: { color: 'red', icon: IconAlertTriangle },
}

/** Every error the app shows in place: a title by kind, the server's message, and when to retry. */
export function ProblemAlert({
  problem,
  action,
  ...props
}: { problem: Problem; action?: ReactNode } & Omit<AlertProps, 'title' | 'children'>) {
  const look = looks[problem.kind]
  const Icon = look.icon
  const hint = retryHint(problem)
  return (
    <Alert color={look.color} icon={<Icon size={18} />} title={problem.title} role="alert" {...props}>
      {hint ? `${sentence(problem.message)} ${hint}` : problem.message}
      {action && <Group mt="xs">{action}</Group>}
    </Alert>
  )
}

const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)
