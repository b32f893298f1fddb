import { Alert, Code, Group, Stack } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { CopyTextButton } from '@corral/web-kit/ui'

/**
 * A secret (a key, a generated password, an invite link) the server returns exactly once. The caller
 * holds it only until its dialog closes; lists show the prefix and last characters from then on.
 */
export function ShownOnce({ secret, what, testId }: { secret: string; what: string; testId?: string }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
        Copy the {what} now: this is the only time it is shown.
      </Alert>
      <Group gap="xs" wrap="nowrap">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid={testId}>
          {secret}
        </Code>
        <CopyTextButton text={secret} label={`Copy the ${what}`} />
      </Group>
    </Stack>
  )
}
