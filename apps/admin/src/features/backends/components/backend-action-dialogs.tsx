import { Text } from '@mantine/core'
import type { AdminBackend } from '@corral/contracts'
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx'
import { useRemoveBackend, useUpdateBackend } from '../api/backends.ts'
import type { BackendAction } from './backend-card.tsx'

/** Drain, resume and remove, each confirmed; removing needs the backend's name typed. */
export function BackendActionDialogs({
  pending,
  onClose,
}: {
  pending: { action: BackendAction; backend: AdminBackend } | null
  onClose: () => void
}) {
  const update = useUpdateBackend()
  const remove = useRemoveBackend()
  const backend = pending?.backend ?? null
  const close = () => {
    update.reset()
    remove.reset()
    onClose()
  }
  const setState = (state: 'active' | 'draining') =>
    backend &&
    update.mutate(
      {
        backend,
        change: { state },
        done: state === 'draining' ? `Draining ${backend.name}` : `Resumed ${backend.name}`,
      },
      { onSuccess: close },
    )
  return (
    <>
      <ConfirmDialog
        opened={pending?.action === 'drain'}
        onClose={close}
        title={`Drain ${backend?.name}?`}
        confirmLabel="Drain"
        color="orange"
        loading={update.isPending}
        error={update.error}
        onConfirm={() => setState('draining')}
      >
        <Text size="sm">
          The {backend?.busy} running {backend?.busy === 1 ? 'request finishes' : 'requests finish'}; no new
          request goes to {backend?.name} until you resume it. Waiting requests go to the other backends, or
          wait.
        </Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={pending?.action === 'resume'}
        onClose={close}
        title={`Resume ${backend?.name}?`}
        confirmLabel="Resume"
        color="teal"
        loading={update.isPending}
        error={update.error}
        onConfirm={() => setState('active')}
      >
        <Text size="sm">It takes requests again, up to its {backend?.slots} slots.</Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={pending?.action === 'remove'}
        onClose={close}
        title={`Remove ${backend?.name}?`}
        confirmLabel="Remove backend"
        typeToConfirm={backend?.name}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => backend && remove.mutate(backend, { onSuccess: close })}
      >
        <Text size="sm">
          Corral stops using {backend?.url}. Running requests finish; the models on it stay on the machine.
          {backend?.source === 'env' &&
            ' It is listed in CORRAL_OLLAMA_URLS, so it comes back at the next start unless you remove it there too.'}
        </Text>
      </ConfirmDialog>
    </>
  )
}
