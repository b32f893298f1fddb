import { Button, SimpleGrid, Stack, Tabs, Text } from '@mantine/core'
import { IconCloudDownload, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import type { AdminBackend, FleetModel } from '@corral/contracts'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { param } from '../../../lib/url-state.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useBackends } from '../api/backends.ts'
import { useFleetModels } from '../api/get-models.ts'
import { useModelPulls } from '../api/model-pulls.ts'
import { BackendActionDialogs } from './backend-action-dialogs.tsx'
import { BackendCard, type BackendAction } from './backend-card.tsx'
import { BackendFormModal, type BackendFormTarget } from './backend-form-modal.tsx'
import { CopyModelDialog, DeleteModelDialog } from './model-dialogs.tsx'
import { ModelsTable } from './models-table.tsx'
import { PullModelModal } from './pull-model-modal.tsx'
import { PullsPanel } from './pulls-panel.tsx'

const backendsView = { tab: param.oneOf(['backends', 'models'], 'backends') }

export function BackendsPage() {
  const [view, setView] = useUrlState(backendsView)
  const backends = useBackends()
  const models = useFleetModels()
  const pulls = useModelPulls()
  const [form, setForm] = useState<BackendFormTarget | null>(null)
  const [pending, setPending] = useState<{ action: BackendAction; backend: AdminBackend } | null>(null)
  const [pulling, setPulling] = useState(false)
  const [deleting, setDeleting] = useState<FleetModel | null>(null)
  const [copying, setCopying] = useState<FleetModel | null>(null)
  const list = backends.data ?? []
  const healthy = list.filter((backend) => backend.healthy).length
  const slots = list.reduce((sum, backend) => sum + backend.slots, 0)
  const busy = list.reduce((sum, backend) => sum + backend.busy, 0)

  const onAction = (action: BackendAction, backend: AdminBackend) =>
    action === 'edit' ? setForm({ mode: 'edit', backend }) : setPending({ action, backend })

  return (
    <Stack gap="md">
      <PageHeader
        title="Backends and models"
        description={
          list.length
            ? `${healthy} of ${list.length} backends healthy · ${busy} of ${slots} slots busy`
            : 'The Ollama servers Corral schedules requests onto.'
        }
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconCloudDownload size={16} />}
              onClick={() => setPulling(true)}
            >
              Pull a model
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ mode: 'add' })}>
              Add backend
            </Button>
          </>
        }
      />
      {pulls.error && <ProblemAlert error={pulls.error} />}
      <PullsPanel pulls={pulls.data ?? []} />
      <Tabs
        value={view.tab}
        onChange={(tab) => setView({ tab: tab === 'models' ? 'models' : 'backends' })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="backends">Backends ({list.length})</Tabs.Tab>
          <Tabs.Tab value="models">Models ({models.data?.length ?? 0})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="backends" pt="md">
          {backends.error && <ProblemAlert error={backends.error} />}
          {!backends.isPending && list.length === 0 && (
            <Text c="dimmed">No backend yet: add the address of an Ollama server.</Text>
          )}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {list.map((backend) => (
              <BackendCard key={backend.id} backend={backend} onAction={onAction} />
            ))}
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="models" pt="md">
          {models.error && <ProblemAlert error={models.error} />}
          <ModelsTable
            models={models.data ?? []}
            loading={models.isPending}
            onCopy={setCopying}
            onDelete={setDeleting}
          />
        </Tabs.Panel>
      </Tabs>
      <BackendFormModal target={form} onClose={() => setForm(null)} />
      <BackendActionDialogs pending={pending} onClose={() => setPending(null)} />
      <PullModelModal
        opened={pulling}
        onClose={() => setPulling(false)}
        backends={list}
        knownModels={(models.data ?? []).map((model) => model.name)}
      />
      <DeleteModelDialog model={deleting} onClose={() => setDeleting(null)} />
      <CopyModelDialog model={copying} onClose={() => setCopying(null)} />
    </Stack>
  )
}
