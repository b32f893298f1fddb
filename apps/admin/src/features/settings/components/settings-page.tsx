import { Alert, Button, Card, Group, Loader, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Settings, SettingsDescription } from '@corral/contracts'
import { ChangeList } from '../../../components/change-list.tsx'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { notifySuccess } from '../../../lib/notify.ts'
import { plural } from '../../../lib/format.ts'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useSaveSettings, useSettingsDescription } from '../api/settings.ts'
import { SettingInput } from './setting-input.tsx'
import {
  checkField,
  getAt,
  setAt,
  settingChanges,
  settingSections,
  settingsPatch,
} from './settings-schema.ts'

export function SettingsPage({ groups }: { groups: { id: string; name: string }[] }) {
  const description = useSettingsDescription()
  return (
    <Stack gap="md">
      <PageHeader title="Settings" description="Live settings: a save applies at once, without a restart." />
      {description.error && <ProblemAlert error={description.error} />}
      {description.isPending && <Loader size="sm" aria-label="Loading" />}
      {description.data && <SettingsForm description={description.data} groups={groups} />}
    </Stack>
  )
}

/**
 * The form keeps the draft; the saved values stay the base of the diff. Review shows before → after
 * for every changed field; the save sends only those, with the version the edit started from.
 */
function SettingsForm({
  description,
  groups,
}: {
  description: SettingsDescription
  groups: { id: string; name: string }[]
}) {
  const sections = settingSections(description.schema)
  const [base, setBase] = useState(description)
  const [draft, setDraft] = useState<Settings>(description.values)
  const [reviewing, setReviewing] = useState(false)
  const save = useSaveSettings()
  const queryClient = useQueryClient()
  const problem = save.error ? describeError(save.error) : null
  const stale = problem?.code === 'CORRAL_ERR_STALE_EDIT'

  // New saved values (ours after a save, or another admin's on a refetch): keep what is being edited.
  if (description !== base) {
    const mine = settingChanges(sections, base.values, draft)
    setBase(description)
    setDraft(mine.reduce((values, change) => setAt(values, change.path, change.after), description.values))
  }

  const changes = settingChanges(sections, base.values, draft)
  const localErrors = Object.fromEntries(
    sections
      .flatMap((section) => section.fields)
      .map((field) => [field.path, checkField(field, getAt(draft, field.path))]),
  )
  const errors = {
    ...problem?.fieldErrors,
    ...Object.fromEntries(Object.entries(localErrors).filter(([, e]) => e)),
  }
  const invalid = Object.values(localErrors).some(Boolean)
  const groupChoices = groups.map((group) => ({ value: group.id, label: group.name }))
  const labelOf = (id: unknown) => groups.find((group) => group.id === id)?.name ?? id

  const confirm = () =>
    save.mutate(
      { ...settingsPatch(changes), version: base.version },
      {
        onSuccess: () => {
          notifySuccess(`Saved ${plural(changes.length, 'setting')}`)
          setReviewing(false)
        },
        onError: (error) => {
          const { code, fieldErrors } = describeError(error)
          // Load their values; the draft is rebased onto them (above) and reviewed again.
          if (code === 'CORRAL_ERR_STALE_EDIT')
            void queryClient.invalidateQueries({ queryKey: queryKeys.settings })
          if (Object.keys(fieldErrors).length > 0) setReviewing(false)
        },
      },
    )

  return (
    <Stack gap="md">
      {sections.map((section) => (
        <Card key={section.key || 'general'} withBorder padding="lg">
          <Stack gap="sm">
            <div>
              <Title order={4}>{section.title}</Title>
              {section.description && (
                <Text size="sm" c="dimmed">
                  {section.description}
                </Text>
              )}
            </div>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {section.fields.map((field) => (
                <SettingInput
                  key={field.path}
                  field={field}
                  value={getAt(draft, field.path)}
                  defaultValue={getAt(base.defaults, field.path)}
                  error={errors[field.path] ?? null}
                  onChange={(value) => setDraft((current) => setAt(current, field.path, value))}
                  choices={field.node.format === 'uuid' ? groupChoices : undefined}
                />
              ))}
            </SimpleGrid>
          </Stack>
        </Card>
      ))}
      <Card withBorder padding="sm" style={{ position: 'sticky', bottom: 8, zIndex: 5 }}>
        <Group justify="space-between">
          <Text size="sm" c={changes.length ? undefined : 'dimmed'}>
            {changes.length ? `${plural(changes.length, 'unsaved change')}` : 'Everything is saved.'}
          </Text>
          <Group gap="xs">
            <Button variant="subtle" onClick={() => setDraft(base.defaults)}>
              Reset all to defaults
            </Button>
            <Button variant="default" disabled={!changes.length} onClick={() => setDraft(base.values)}>
              Discard
            </Button>
            <Button disabled={!changes.length || invalid} onClick={() => setReviewing(true)}>
              Review and save
            </Button>
          </Group>
        </Group>
      </Card>
      <Modal opened={reviewing} onClose={() => setReviewing(false)} title="Save these settings?" size="lg">
        <Stack>
          {stale && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Someone else saved first">
              Their values are loaded now and your changes are kept on top of them: check the list below and
              save again.
            </Alert>
          )}
          {problem && !stale && <ProblemAlert error={save.error} />}
          <ChangeList
            changes={changes.map((change) =>
              change.path === 'default_group_id'
                ? { ...change, before: labelOf(change.before), after: labelOf(change.after) }
                : change,
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReviewing(false)} data-autofocus>
              Back
            </Button>
            <Button onClick={confirm} loading={save.isPending} disabled={!changes.length}>
              Save {plural(changes.length, 'change')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
