import { Alert, Stack } from '@mantine/core'
import { IconHourglass } from '@tabler/icons-react'
import { PageHeader } from '../../components/page-header.tsx'
import type { NavItem } from '../shell/navigation.ts'

/** A monitoring page that is listed but not built yet: what it will show. */
export function PlannedRoute({ item }: { item: NavItem }) {
  return (
    <Stack>
      <PageHeader title={item.label} />
      <Alert color="gray" icon={<IconHourglass size={18} />} title="Coming with live monitoring">
        {item.planned}
      </Alert>
    </Stack>
  )
}
