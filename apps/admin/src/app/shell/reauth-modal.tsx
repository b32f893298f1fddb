import { Modal, Stack, Text } from '@mantine/core'
import { SignInForm } from '../../features/auth/components/sign-in-form.tsx'

/**
 * The session ended while the panel was open (it expired, a password was reset, every session was
 * signed out). The page stays mounted underneath, so a half-filled form survives: sign in again here
 * and carry on, then save.
 */
export function ReauthModal({ username, onSignedIn }: { username: string; onSignedIn: () => void }) {
  return (
    <Modal
      opened
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title="Sign in again to continue"
      overlayProps={{ blur: 2 }}
    >
      <Stack gap="md">
        <Text size="sm">
          Your session ended. Nothing on this page is lost: sign in and it is as you left it. Unsaved changes
          are still unsaved.
        </Text>
        <SignInForm initialUsername={username} onSignedIn={onSignedIn} />
      </Stack>
    </Modal>
  )
}
