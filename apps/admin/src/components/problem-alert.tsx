import { Alert, type AlertProps } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { isHttpError } from '@corral/web-kit'
import { describeError } from '../lib/describe-problem.ts'

/** A failed query or form submission, in place: the code's title and the server's words. */
export function ProblemAlert({
  error,
  ...props
}: { error: unknown } & Omit<AlertProps, 'title' | 'children'>) {
  // An ended session has its own sign-in dialog; the form beneath need not say it too.
  if (isHttpError(error) && error.status === 401 && error.authenticated) return null
  const problem = describeError(error)
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={problem.title} role="alert" {...props}>
      {problem.message}
    </Alert>
  )
}
