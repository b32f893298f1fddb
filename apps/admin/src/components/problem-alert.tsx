import { Alert, type AlertProps } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { describeError } from '../lib/describe-problem.ts'

/** A failed query or form submission, in place: the code's title and the server's words. */
export function ProblemAlert({
  error,
  ...props
}: { error: unknown } & Omit<AlertProps, 'title' | 'children'>) {
  const problem = describeError(error)
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={problem.title} role="alert" {...props}>
      {problem.message}
    </Alert>
  )
}
