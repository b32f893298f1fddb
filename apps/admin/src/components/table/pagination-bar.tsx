import { Group, Pagination, Select, Text } from '@mantine/core'
import { pageRange } from './page-range.ts'

export const pageSizes = [25, 50, 100, 200] as const

/**
 * “51–100 of 1,234”, the pages, and how many rows a page holds; the server sends only one page. Past
 * the server's counting cap the total reads “10,000+” and the pages end in “…”: the pager goes forward
 * while pages come back full (see `pageRange`).
 */
export function PaginationBar({
  page,
  pageSize,
  total,
  totalExact,
  rows,
  onPage,
  onPageSize,
  noun = 'rows',
}: {
  page: number
  pageSize: number
  total: number
  totalExact: boolean
  /** Rows on the page shown. */
  rows: number
  onPage: (page: number) => void
  onPageSize: (pageSize: number) => void
  noun?: string
}) {
  const range = pageRange({ page, pageSize, total, totalExact, rows }, noun)
  return (
    <Group justify="space-between" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite" data-testid="page-summary">
        {range.summary}
      </Text>
      <Group gap="sm">
        <Select
          aria-label="Rows per page"
          size="xs"
          w={90}
          data={pageSizes.map(String)}
          value={String(pageSize)}
          onChange={(value) => value && onPageSize(Number(value))}
          allowDeselect={false}
        />
        <Pagination.Root
          size="sm"
          total={range.pages}
          value={Math.min(page, range.pages)}
          onChange={onPage}
          getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
        >
          <Group gap={8}>
            <Pagination.Previous aria-label="previous page" />
            <Pagination.Items />
            {range.morePages && <Pagination.Dots aria-label="more pages" />}
            <Pagination.Next aria-label="next page" />
          </Group>
        </Pagination.Root>
      </Group>
    </Group>
  )
}
