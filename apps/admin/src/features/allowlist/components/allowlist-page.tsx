import { Alert, Button, Card, Checkbox, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core'
import { IconAlertTriangle, IconLock } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import type { AdminIpAllowlist } from '@corral/contracts'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { useAllowlist, useSaveAllowlist } from '../api/allowlist.ts'
import { AddressTester } from './address-tester.tsx'
import { AllowlistEntriesEditor } from './allowlist-entries-editor.tsx'
import { ReviewAllowlistDialog } from './review-allowlist-dialog.tsx'
import {
  diffAllowlist,
  draftEntry,
  draftErrors,
  draftToEntries,
  isUnchanged,
  locksOut,
  type DraftEntry,
} from './allowlist-draft.ts'

export function AllowlistPage() {
  const allowlist = useAllowlist()
  return (
    <Stack gap="md">
      <PageHeader
        title="IP allowlist"
        description="When on, only these addresses reach Corral at all (health checks excepted). Addresses come from the connection, or from X-Forwarded-For when it is sent by a trusted proxy (CORRAL_TRUSTED_PROXIES)."
      />
      {allowlist.error && <ProblemAlert error={allowlist.error} />}
      {allowlist.isPending && <Loader size="sm" aria-label="Loading" />}
      {allowlist.data && <AllowlistEditor saved={allowlist.data} />}
    </Stack>
  )
}

function AllowlistEditor({ saved }: { saved: AdminIpAllowlist }) {
  const [enabled, setEnabled] = useState(saved.enabled)
  const [entries, setEntries] = useState<DraftEntry[]>(() => saved.entries.map((entry) => draftEntry(entry)))
  const [reviewing, setReviewing] = useState(false)
  const [override, setOverride] = useState(false)
  const save = useSaveAllowlist()
  const [base, setBase] = useState(saved)

  const errors = draftErrors(entries)
  const valid = Object.keys(errors).length === 0
  const draft = useMemo(() => ({ enabled, entries: draftToEntries(entries) }), [enabled, entries])
  const diff = diffAllowlist(base, draft)
  const dirty = !isUnchanged(diff)

  // A save (ours, or another admin's seen on refetch) becomes the new base; a draft in progress stays.
  useEffect(() => {
    if (saved === base) return
    setBase(saved)
    if (!dirty || save.isSuccess) {
      setEnabled(saved.enabled)
      setEntries(saved.entries.map((entry) => draftEntry(entry)))
    }
  }, [saved, base, dirty, save.isSuccess])
  const lockout = locksOut(enabled, draft.entries, saved.your_address)
  const serverLockout = save.error ? describeError(save.error).code === 'CORRAL_ERR_ALLOWLIST_LOCKOUT' : false

  const discard = () => {
    setEnabled(base.enabled)
    setEntries(base.entries.map((entry) => draftEntry(entry)))
    save.reset()
  }
  const confirm = () =>
    save.mutate(
      { ...draft, ...(override ? { override_lockout: true } : {}) },
      {
        onSuccess: () => {
          setReviewing(false)
          setOverride(false)
        },
      },
    )

  return (
    <Stack gap="md">
      <Card withBorder padding="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={4}>Allowed addresses</Title>
            <Switch
              label={enabled ? 'On: only these addresses get in' : 'Off: every address gets in'}
              checked={enabled}
              onChange={(event) => setEnabled(event.currentTarget.checked)}
            />
          </Group>
          <Text size="sm" c="dimmed">
            Your address, as Corral sees it: <b>{saved.your_address}</b>
          </Text>
          <AllowlistEntriesEditor
            entries={entries}
            errors={errors}
            onChange={setEntries}
            yourAddress={saved.your_address}
          />
          {lockout && (
            <Alert
              color="orange"
              icon={<IconLock size={18} />}
              title="This list would lock you out"
              data-testid="lockout-warning"
            >
              Your address {saved.your_address} is in none of the entries. Saving it cuts off this browser,
              and anyone else at this address, at once; only an admin at an address on the list could undo it.
              Add your address, or save with the override.
            </Alert>
          )}
        </Stack>
      </Card>
      {dirty && (
        <Card
          withBorder
          padding="sm"
          style={{ position: 'sticky', bottom: 8, zIndex: 5 }}
          data-testid="unsaved-bar"
        >
          <Group justify="space-between">
            <Group gap="xs">
              <IconAlertTriangle size={16} />
              <Text size="sm">Unsaved changes</Text>
            </Group>
            <Group gap="xs">
              <Button variant="default" onClick={discard}>
                Discard
              </Button>
              <Button disabled={!valid} onClick={() => setReviewing(true)}>
                Review and save
              </Button>
            </Group>
          </Group>
        </Card>
      )}
      <Card withBorder padding="lg">
        {/* Entries still being typed (not ranges yet) are left out of the test, not refused. */}
        <AddressTester
          draft={{ enabled, entries: draftToEntries(entries.filter((entry) => !errors[entry.key])) }}
          dirty={dirty}
        />
      </Card>
      <ReviewAllowlistDialog
        opened={reviewing}
        onClose={() => {
          setReviewing(false)
          setOverride(false)
          save.reset()
        }}
        diff={diff}
        enabled={enabled}
        onConfirm={confirm}
        saving={save.isPending}
        error={serverLockout ? null : save.error}
        canSave={!(lockout || serverLockout) || override}
      >
        {(lockout || serverLockout) && (
          <Alert color="orange" icon={<IconLock size={18} />} title="You would lock yourself out">
            <Stack gap="xs">
              <Text size="sm">
                {serverLockout && save.error
                  ? describeError(save.error).message
                  : `${saved.your_address} is not admitted by this list.`}
              </Text>
              <Checkbox
                label="I understand: save it anyway and cut off my own address"
                checked={override}
                onChange={(event) => setOverride(event.currentTarget.checked)}
              />
            </Stack>
          </Alert>
        )}
      </ReviewAllowlistDialog>
    </Stack>
  )
}
