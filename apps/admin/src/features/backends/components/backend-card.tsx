import { ActionIcon, Badge, Card, Group, Menu, Progress, Stack, Table, Text, Title } from '@mantine/core'
import { IconDots, IconPencil, IconPlayerPause, IconPlayerPlay, IconTrash } from '@tabler/icons-react'
import type { AdminBackend } from '@corral/contracts'
import { RelativeTime } from '../../../components/relative-time.tsx'
import { StatusBadge } from '../../../components/status-badge.tsx'
import { formatBytes } from '../../../lib/format.ts'
import { HealthStrip } from './health-strip.tsx'

export type BackendAction = 'edit' | 'drain' | 'resume' | 'remove'

/** One backend: health and its history, slots in use, the models it has and the ones loaded now. */
export function BackendCard({
  backend,
  onAction,
}: {
  backend: AdminBackend
  onAction: (action: BackendAction, backend: AdminBackend) => void
}) {
  const busyShare = backend.slots ? (backend.busy / backend.slots) * 100 : 0
  return (
    <Card
      withBorder
      padding="lg"
      data-testid="backend-card"
      aria-label={`Backend ${backend.name}`}
      component="section"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Title order={4}>{backend.name}</Title>
              <StatusBadge status={backend.healthy ? 'healthy' : 'unhealthy'} />
              {backend.state === 'draining' && <StatusBadge status="draining" />}
              {backend.source === 'env' && (
                <Badge variant="outline" color="gray" size="sm" tt="none">
                  from CORRAL_OLLAMA_URLS
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" ff="monospace" truncate>
              {backend.url}
              {backend.version ? ` · Ollama ${backend.version}` : ''}
            </Text>
          </div>
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${backend.name}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onAction('edit', backend)}>
                Edit name, URL or slots
              </Menu.Item>
              {backend.state === 'draining' ? (
                <Menu.Item
                  leftSection={<IconPlayerPlay size={14} />}
                  onClick={() => onAction('resume', backend)}
                >
                  Resume
                </Menu.Item>
              ) : (
                <Menu.Item
                  leftSection={<IconPlayerPause size={14} />}
                  onClick={() => onAction('drain', backend)}
                >
                  Drain
                </Menu.Item>
              )}
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => onAction('remove', backend)}
              >
                Remove
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <div>
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              Slots
            </Text>
            <Text size="sm" data-testid="slots">
              {backend.busy} of {backend.slots} busy
            </Text>
          </Group>
          <Progress
            value={busyShare}
            color={busyShare >= 100 ? 'orange' : 'violet'}
            aria-label="Slots in use"
            mt={4}
          />
        </div>
        <Group justify="space-between" align="center" wrap="nowrap">
          <Text size="sm" c={backend.healthy ? 'dimmed' : 'red'} style={{ minWidth: 0 }} truncate>
            {backend.healthy
              ? 'Answering health checks'
              : `Last error: ${backend.last_error ?? 'not answering'}`}
            {backend.last_checked_at && (
              <Text span c="dimmed" size="sm">
                {' '}
                · checked <RelativeTime iso={backend.last_checked_at} />
              </Text>
            )}
          </Text>
          <HealthStrip history={backend.health_history} />
        </Group>
        <LoadedModels backend={backend} />
        <Text size="sm" c="dimmed">
          Has {backend.model_details.length} {backend.model_details.length === 1 ? 'model' : 'models'}
          {backend.model_details.length > 0
            ? `: ${backend.model_details.map((model) => model.name).join(', ')}`
            : ''}
        </Text>
      </Stack>
    </Card>
  )
}

function LoadedModels({ backend }: { backend: AdminBackend }) {
  if (backend.loaded_model_details.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No model loaded.
      </Text>
    )
  return (
    <Table withTableBorder verticalSpacing={4} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Loaded</Table.Th>
          <Table.Th>Size</Table.Th>
          <Table.Th>In VRAM</Table.Th>
          <Table.Th>Unloads</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {backend.loaded_model_details.map((model) => (
          <Table.Tr key={model.name}>
            <Table.Td>{model.name}</Table.Td>
            <Table.Td>{model.size === null ? '—' : formatBytes(model.size)}</Table.Td>
            <Table.Td>{model.size_vram === null ? '—' : formatBytes(model.size_vram)}</Table.Td>
            <Table.Td>
              <RelativeTime iso={model.expires_at} never="—" />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
