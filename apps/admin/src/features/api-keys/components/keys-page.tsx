import { Button, Group, Select, Stack, TextInput } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconPlus, IconSearch, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import type { AdminApiKey } from '@corral/contracts'
import { GroupFilter } from '../../../components/group-filter.tsx'
import { PageHeader } from '../../../components/page-header.tsx'
import { ProblemAlert } from '../../../components/problem-alert.tsx'
import { PaginationBar } from '../../../components/table/pagination-bar.tsx'
import { useDebouncedSearch } from '../../../lib/use-debounced-search.ts'
import { useUrlState } from '../../../lib/use-url-state.ts'
import { useApiKeys } from '../api/get-api-keys.ts'
import { CreateKeyModal, type UserPicker } from './create-key-modal.tsx'
import { KeysTable } from './keys-table.tsx'
import { keysView, lastUseFilters } from './keys-view.ts'
import { RevokeKeyDialog } from './revoke-key-dialog.tsx'

/** Every API key of every user, filtered and paged by the server; the view lives in the URL. */
export function KeysPage({
  groups,
  userPicker,
  userHref,
  modelNames,
}: {
  groups: { id: string; name: string }[]
  userPicker: UserPicker
  userHref: (id: string) => string
  modelNames: string[]
}) {
  const [view, setView] = useUrlState(keysView)
  const keys = useApiKeys(view)
  const [creating, create] = useDisclosure(false)
  const [revoking, setRevoking] = useState<AdminApiKey | null>(null)
  const [search, setSearch] = useDebouncedSearch(view.q, (q) => setView({ q }))
  const filtered = view.q || view.user || view.group || view.status !== 'active' || view.used !== 'any'

  return (
    <Stack gap="md">
      <PageHeader
        title="API keys"
        description="Keys of every user, for programs and Ollama or OpenAI clients. Secrets are shown once, at creation."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
            Create key
          </Button>
        }
      />
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Start of the name or of the key"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={220}
        />
        <div style={{ width: 200 }}>
          {userPicker({
            label: 'Owner',
            value: view.user || null,
            onChange: (user) => setView({ user: user ?? '' }),
          })}
        </div>
        <GroupFilter groups={groups} value={view.group} onChange={(group) => setView({ group })} />
        <Select
          label="Status"
          data={[
            { value: 'any', label: 'Any status' },
            { value: 'active', label: 'Active' },
            { value: 'expired', label: 'Expired' },
            { value: 'revoked', label: 'Revoked' },
          ]}
          value={view.status}
          onChange={(status) => setView({ status: status ?? 'active' })}
          allowDeselect={false}
          w={140}
        />
        <Select
          label="Last use"
          data={lastUseFilters.map((filter) => ({ ...filter }))}
          value={view.used}
          onChange={(used) => setView({ used: used ?? 'any' })}
          allowDeselect={false}
          w={220}
        />
        {filtered && (
          <Button
            variant="subtle"
            leftSection={<IconX size={14} />}
            onClick={() => setView({ q: '', user: '', group: '', status: 'active', used: 'any' })}
          >
            Clear filters
          </Button>
        )}
      </Group>
      {keys.error && <ProblemAlert error={keys.error} />}
      <KeysTable
        keys={keys.data?.keys ?? []}
        loading={keys.isPending}
        sort={view.sort}
        onSort={(sort) => setView({ sort })}
        onRevoke={setRevoking}
        userHref={userHref}
      />
      <PaginationBar
        page={view.page}
        pageSize={view.size}
        total={keys.data?.total ?? 0}
        totalExact={keys.data?.total_exact ?? true}
        rows={keys.data?.keys.length ?? 0}
        onPage={(page) => setView({ page })}
        onPageSize={(size) => setView({ size })}
        noun="keys"
      />
      <CreateKeyModal
        opened={creating}
        onClose={create.close}
        userPicker={userPicker}
        modelNames={modelNames}
      />
      <RevokeKeyDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Stack>
  )
}
