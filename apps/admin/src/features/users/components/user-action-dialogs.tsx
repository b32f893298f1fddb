import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { AdminUser } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { ShownOnce } from '../../../components/shown-once.tsx'
import { notifySuccess } from '../../../lib/notify.ts'
import { useDeleteUser } from '../api/delete-user.ts'
import { useResetPassword } from '../api/reset-password.ts'
import { useUpdateUser } from '../api/update-user.ts'
import { useEndSessions } from '../api/user-sessions.ts'
import { EditUserModal } from './edit-user-modal.tsx'
import type { GroupOption } from './users-filters.tsx'
import type { UserAction } from './user-action-items.tsx'
import { UserFacts } from './user-facts.tsx'

export interface PendingUserAction {
  action: UserAction
  user: AdminUser
}

/** The dialog of whichever action was picked from a user's menu, on the list or on their page. */
export function UserActionDialogs({
  pending,
  groups,
  onClose,
  onDeleted,
}: {
  pending: PendingUserAction | null
  groups: GroupOption[]
  onClose: () => void
  onDeleted?: (user: AdminUser) => void
}) {
  const user = pending?.user ?? null
  const is = (action: UserAction) => pending?.action === action
  return (
    <>
      <EditUserModal user={is('edit') ? user : null} groups={groups} onClose={onClose} />
      <DisableDialog
        user={is('disable') || is('enable') ? user : null}
        enable={is('enable')}
        onClose={onClose}
      />
      <SignOutDialog user={is('sign-out') ? user : null} onClose={onClose} />
      <ResetPasswordDialog user={is('reset-password') ? user : null} onClose={onClose} />
      <DeleteDialog user={is('delete') ? user : null} onClose={onClose} onDeleted={onDeleted} />
    </>
  )
}

function DisableDialog({
  user,
  enable,
  onClose,
}: {
  user: AdminUser | null
  enable: boolean
  onClose: () => void
}) {
  const update = useUpdateUser()
  const close = () => {
    update.reset()
    onClose()
  }
  return (
    <ConfirmDialog
      opened={user !== null}
      onClose={close}
      title={enable ? `Enable ${user?.username}?` : `Disable ${user?.username}?`}
      confirmLabel={enable ? 'Enable' : 'Disable'}
      color={enable ? 'teal' : 'red'}
      loading={update.isPending}
      error={update.error}
      onConfirm={() =>
        user &&
        update.mutate(
          {
            user,
            change: { disabled: !enable },
            done: `${enable ? 'Enabled' : 'Disabled'} ${user.username}`,
          },
          { onSuccess: close },
        )
      }
    >
      <Stack gap="sm">
        <Text size="sm">
          {enable
            ? 'They can sign in again, and their API keys work again.'
            : 'They are signed out at once, cannot sign in, and their API keys stop working. Nothing is deleted.'}
        </Text>
        {user && <UserFacts user={user} />}
      </Stack>
    </ConfirmDialog>
  )
}

function SignOutDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const end = useEndSessions()
  const close = () => {
    end.reset()
    onClose()
  }
  return (
    <ConfirmDialog
      opened={user !== null}
      onClose={close}
      title={`Sign ${user?.username} out everywhere?`}
      confirmLabel="Sign out everywhere"
      loading={end.isPending}
      error={end.error}
      onConfirm={() => user && end.mutate({ userId: user.id, username: user.username }, { onSuccess: close })}
    >
      <Text size="sm">
        Every browser session of {user?.username} ends within a moment; they can sign in again. API keys are
        not affected.
      </Text>
    </ConfirmDialog>
  )
}

/** Confirm, then show the generated password once; closing the dialog forgets it. */
function ResetPasswordDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const reset = useResetPassword()
  const close = () => {
    reset.reset()
    onClose()
  }
  if (user && reset.data)
    return (
      <Modal opened onClose={close} title={`New password for ${user.username}`} closeOnClickOutside={false}>
        <Stack>
          <ShownOnce secret={reset.data.password} what="password" testId="generated-password" />
          <Text size="sm" c="dimmed">
            Give it to {user.username} over a safe channel. Every session of theirs has ended.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    )
  return (
    <ConfirmDialog
      opened={user !== null}
      onClose={close}
      title={`Reset the password of ${user?.username}?`}
      confirmLabel="Reset password"
      loading={reset.isPending}
      error={reset.error}
      onConfirm={() =>
        user &&
        reset.mutate(user.id, { onSuccess: () => notifySuccess(`Reset the password of ${user.username}`) })
      }
    >
      <Text size="sm">
        Corral generates a strong password and shows it once. The old one stops working and every session of{' '}
        {user?.username} ends.
      </Text>
    </ConfirmDialog>
  )
}

function DeleteDialog({
  user,
  onClose,
  onDeleted,
}: {
  user: AdminUser | null
  onClose: () => void
  onDeleted?: (user: AdminUser) => void
}) {
  const remove = useDeleteUser()
  const close = () => {
    remove.reset()
    onClose()
  }
  return (
    <ConfirmDialog
      opened={user !== null}
      onClose={close}
      title={`Delete ${user?.username}?`}
      confirmLabel="Delete user"
      loading={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        user &&
        remove.mutate(user, {
          onSuccess: () => {
            close()
            onDeleted?.(user)
          },
        })
      }
    >
      <Stack gap="sm">
        <Text size="sm">
          The account, its API keys, Ollama CLI keys, conversations and sessions are deleted. Usage records
          stay for the accounting. This cannot be undone.
        </Text>
        {user && <UserFacts user={user} />}
      </Stack>
    </ConfirmDialog>
  )
}
