import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import type { AlertRule, AlertTarget } from '@corral/contracts'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { describeError } from '../../../lib/describe-problem.ts'
import { useCreateAlertRule, useUpdateAlertRule } from '../api/alert-rules.ts'
import {
  emptyRule,
  formErrorsOf,
  ruleRequest,
  ruleTypes,
  valuesOf,
  type RuleFormValues,
} from './rule-form-values.ts'

/** Creates a rule, or edits one (`rule`): its type, thresholds, targets and hysteresis. */
export function RuleEditorModal({
  opened,
  onClose,
  rule,
  targets,
}: {
  opened: boolean
  onClose: () => void
  rule: AlertRule | null
  targets: AlertTarget[]
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={rule ? `Edit ${rule.name}` : 'New alert rule'} size="lg">
      {opened && <RuleForm rule={rule} targets={targets} onDone={onClose} />}
    </Modal>
  )
}

function RuleForm({
  rule,
  targets,
  onDone,
}: {
  rule: AlertRule | null
  targets: AlertTarget[]
  onDone: () => void
}) {
  const create = useCreateAlertRule()
  const update = useUpdateAlertRule()
  const saving = rule ? update : create
  const form = useForm<RuleFormValues>({
    mode: 'controlled',
    initialValues: rule ? valuesOf(rule) : emptyRule,
    validate: { name: (value) => (value.trim() ? null : 'Give the rule a name') },
  })
  const showFieldErrors = (error: unknown) => form.setErrors(formErrorsOf(describeError(error).fieldErrors))
  const submit = form.onSubmit((values) => {
    const request = ruleRequest(values)
    if (!rule) return create.mutate(request, { onSuccess: onDone, onError: showFieldErrors })
    // The type is fixed once created; PATCH takes everything else.
    const change = {
      name: request.name,
      params: request.params,
      target_ids: request.target_ids,
      enabled: request.enabled,
      resolve_after_seconds: request.resolve_after_seconds,
      cooldown_seconds: request.cooldown_seconds,
    }
    update.mutate({ id: rule.id, ...change }, { onSuccess: onDone, onError: showFieldErrors })
  })
  const type = form.values.type
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <Select
          label="When"
          data={ruleTypes}
          allowDeselect={false}
          disabled={rule !== null}
          description={rule ? 'The type of a rule cannot change; create another rule' : undefined}
          {...form.getInputProps('type')}
        />
        {type === 'backend-down' && (
          <SimpleGrid cols={2}>
            <NumberInput label="Down for (seconds)" min={1} max={86400} {...form.getInputProps('seconds')} />
            <TextInput
              label="Backend id"
              description="Empty: any backend"
              {...form.getInputProps('backendId')}
            />
          </SimpleGrid>
        )}
        {type === 'queue-wait-p95' && (
          <SimpleGrid cols={2}>
            <NumberInput label="p95 above (ms)" min={1} {...form.getInputProps('thresholdMs')} />
            <NumberInput
              label="Over the last (seconds)"
              min={10}
              max={86400}
              {...form.getInputProps('windowSeconds')}
            />
          </SimpleGrid>
        )}
        {type === 'quota-percent' && (
          <SimpleGrid cols={3}>
            <NumberInput label="At (% of quota)" min={1} max={100} {...form.getInputProps('percent')} />
            <Select
              label="Of"
              data={[
                { value: '', label: 'Keys and groups' },
                { value: 'key', label: 'Keys' },
                { value: 'group', label: 'Groups' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('scope')}
            />
            <TextInput label="Key or group id" description="Empty: any" {...form.getInputProps('scopeId')} />
          </SimpleGrid>
        )}
        {type === 'refusal-rate' && (
          <NumberInput label="More than (refusals a minute)" min={1} {...form.getInputProps('perMinute')} />
        )}
        <MultiSelect
          label="Send to"
          placeholder={targets.length === 0 ? 'Create a webhook target first' : 'Pick targets'}
          data={targets.map((target) => ({ value: target.id, label: `${target.name} (${target.kind})` }))}
          // In the dialog, not a portal: a click on an option is then not a click outside the dialog.
          comboboxProps={{ withinPortal: false }}
          {...form.getInputProps('targetIds')}
        />
        <SimpleGrid cols={2}>
          <NumberInput
            label="Resolve after clear for (seconds)"
            description="Keeps a flapping condition quiet"
            min={0}
            max={3600}
            {...form.getInputProps('resolveAfterSeconds')}
          />
          <NumberInput
            label="Cool-down (seconds)"
            description="No new firing notice sooner than this"
            min={0}
            max={86400}
            {...form.getInputProps('cooldownSeconds')}
          />
        </SimpleGrid>
        <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
        {saving.error && <ProblemAlert error={saving.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={saving.isPending}>
            {rule ? 'Save' : 'Create rule'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
