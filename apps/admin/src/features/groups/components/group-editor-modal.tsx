import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import type { AdminGroup, GroupChangePreview } from '@corral/contracts'
import { ChangeList } from '../../../components/change-list.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { plural } from '../../../lib/format.ts'
import { useCreateGroup, usePreviewGroup, useUpdateGroup } from '../api/save-group.ts'
import { GroupFormFields } from './group-form-fields.tsx'
import { limitFields } from '../../../lib/limits.ts'
import { groupFormValues, groupRequest } from './group-form-values.ts'

/** `null` to create a group, a group to edit it. */
export type GroupEditorTarget = { mode: 'create' } | { mode: 'edit'; group: AdminGroup }

const fieldLabels: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  priority: 'Priority',
  weight: 'Fair-share weight',
  models: 'Models',
  ...Object.fromEntries(limitFields.map((field) => [`limits.${field.key}`, field.label])),
}
const nullMeaning = (field: string) =>
  field === 'models' ? 'every model' : field.startsWith('limits.') ? 'unlimited' : 'none'

export function GroupEditorModal({
  target,
  onClose,
  modelNames,
}: {
  target: GroupEditorTarget | null
  onClose: () => void
  modelNames: string[]
}) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target?.mode === 'edit' ? `Edit ${target.group.name}` : 'Create a group'}
      size="lg"
    >
      {target && (
        <GroupEditor
          key={target.mode === 'edit' ? target.group.id : 'new'}
          group={target.mode === 'edit' ? target.group : null}
          modelNames={modelNames}
          onDone={onClose}
        />
      )}
    </Modal>
  )
}

/**
 * Edit, then review: before saving, the server says what changes and how many members and keys it
 * affects. Saving carries the version the edit started from, so an admin who saved in between is not
 * silently overwritten.
 */
function GroupEditor({
  group,
  modelNames,
  onDone,
}: {
  group: AdminGroup | null
  modelNames: string[]
  onDone: () => void
}) {
  const [base, setBase] = useState(group)
  const form = useForm({ mode: 'controlled', initialValues: groupFormValues(group) })
  const [review, setReview] = useState<GroupChangePreview | null>(null)
  const preview = usePreviewGroup()
  const update = useUpdateGroup()
  const create = useCreateGroup()
  const failure = preview.error ?? update.error ?? create.error
  const problem = failure ? describeError(failure) : null
  const stale = problem?.code === 'CORRAL_ERR_STALE_EDIT' || review?.stale

  const showFieldErrors = (error: unknown) => {
    const { fieldErrors } = describeError(error)
    if (Object.keys(fieldErrors).length > 0) {
      form.setErrors(fieldErrors)
      setReview(null)
    }
  }

  const submit = form.onSubmit((values) => {
    const request = groupRequest(values)
    if (!base) return create.mutate(request, { onSuccess: onDone, onError: showFieldErrors })
    preview.mutate(
      { id: base.id, change: { ...request, version: base.version } },
      { onSuccess: setReview, onError: showFieldErrors },
    )
  })

  const save = () =>
    base &&
    update.mutate(
      { id: base.id, change: { ...groupRequest(form.getValues()), version: base.version } },
      { onSuccess: onDone, onError: showFieldErrors },
    )

  /** The latest saved version becomes the base; the edits made here are kept and reviewed against it. */
  const rebase = () =>
    base &&
    preview.mutate(
      { id: base.id, change: groupRequest(form.getValues()) },
      {
        onSuccess: (latest) => {
          update.reset()
          setBase(latest.current)
          setReview(latest)
        },
      },
    )

  if (review && base)
    return (
      <Stack>
        {stale && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Someone else saved first">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                This group changed since you opened it. Review your changes against the latest version before
                saving.
              </Text>
              <Button size="xs" variant="light" color="orange" onClick={rebase} loading={preview.isPending}>
                Compare with the latest version
              </Button>
            </Stack>
          </Alert>
        )}
        {problem && !stale && <ProblemAlert error={failure} />}
        <Text size="sm">
          {review.changes.length === 0
            ? 'Nothing would change.'
            : `Saving changes ${plural(review.changes.length, 'setting')} for ${plural(review.affected_users, 'member')}` +
              (review.affected_keys > 0
                ? ` and ${plural(review.affected_keys, 'API key')} that take the group’s priority.`
                : '.')}
        </Text>
        <ChangeList
          changes={review.changes}
          labelOf={(field) => fieldLabels[field] ?? field}
          nullAs={nullMeaning}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setReview(null)}>
            Back to editing
          </Button>
          <Button
            onClick={save}
            loading={update.isPending}
            disabled={review.changes.length === 0 || Boolean(stale)}
          >
            Save changes
          </Button>
        </Group>
      </Stack>
    )

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem && Object.keys(problem.fieldErrors).length === 0 && <ProblemAlert error={failure} />}
        <GroupFormFields form={form} modelNames={modelNames} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={preview.isPending || create.isPending}>
            {base ? 'Review changes' : 'Create group'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
