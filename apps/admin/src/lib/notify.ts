import { notifications } from '@mantine/notifications'
import { describeError } from './describe-problem.ts'

/** Every mutation ends in one of these two: a green line saying what changed, or the problem. */
export const notifySuccess = (message: string, title = 'Done') =>
  notifications.show({ color: 'teal', title, message, autoClose: 4000 })

export function notifyFailure(error: unknown) {
  const problem = describeError(error)
  notifications.show({ color: 'red', title: problem.title, message: problem.message, autoClose: 8000 })
}
