import { Badge, Button, Group, Table, Text } from '@mantine/core'
import type { FleetModel } from '@corral/contracts'
import { TableStateRow } from '../../../components/table/table-state-row.tsx'
import { formatBytes } from '../../../lib/format.ts'

/** Every model across the fleet: where it is, where it is loaded (filled badges), copy and delete. */
export function ModelsTable({
  models,
  loading,
  onCopy,
  onDelete,
}: {
  models: FleetModel[]
  loading: boolean
  onCopy: (model: FleetModel) => void
  onDelete: (model: FleetModel) => void
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" data-testid="models-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>On backends</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.length === 0 ? (
            <TableStateRow columns={4} loading={loading} empty="No backend has a model yet: pull one." />
          ) : (
            models.map((model) => (
              <Table.Tr key={model.name} data-testid="model-row">
                <Table.Td>
                  <Text size="sm" fw={500} ff="monospace">
                    {model.name}
                  </Text>
                </Table.Td>
                <Table.Td>{model.size === null ? '—' : formatBytes(model.size)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {model.backends.map((backend) => (
                      <Badge
                        key={backend.id}
                        variant={backend.loaded ? 'filled' : 'light'}
                        tt="none"
                        title={backend.loaded ? 'loaded now' : 'on disk'}
                      >
                        {backend.name}
                        {backend.loaded ? ' · loaded' : ''}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => onCopy(model)}
                      aria-label={`Copy ${model.name}`}
                    >
                      Copy
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onDelete(model)}
                      aria-label={`Delete ${model.name}`}
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
