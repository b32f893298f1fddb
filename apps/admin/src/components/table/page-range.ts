import { formatNumber } from '../../lib/format.ts'

/** One page of a server-paged list, as the server described it. */
export interface PageInput {
  page: number
  pageSize: number
  /** Rows matching; when `totalExact` is false the server stopped counting there, and more match. */
  total: number
  totalExact: boolean
  /** Rows on this page. */
  rows: number
}

export interface PageRange {
  /** Pages the pager offers; with `morePages`, pages beyond the last one may exist too. */
  pages: number
  morePages: boolean
  /** “51–100 of 1,234 users”, “1–50 of 10,000+ users”. */
  summary: string
}

/**
 * What the pager can promise. An exact total gives the last page. A capped one (“10,000+”) only says
 * that more than `total` rows exist: every page up to the one holding row `total + 1` exists, and a full
 * page means the next may have rows, so the pager goes forward one page at a time; a short page is the
 * end, and then the exact count is known after all.
 */
export function pageRange({ page, pageSize, total, totalExact, rows }: PageInput, noun: string): PageRange {
  const first = (page - 1) * pageSize + 1
  if (totalExact) {
    const last = Math.min(total, page * pageSize)
    return {
      pages: Math.max(1, Math.ceil(total / pageSize)),
      morePages: false,
      summary:
        total === 0
          ? `No ${noun}`
          : `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)} ${noun}`,
    }
  }
  const known = Math.ceil((total + 1) / pageSize)
  if (rows === 0)
    return { pages: Math.max(known, page), morePages: false, summary: `No ${noun} on this page` }
  const last = first + rows - 1
  if (rows < pageSize)
    return {
      pages: page,
      morePages: false,
      summary: `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(last)} ${noun}`,
    }
  return {
    pages: Math.max(known, page + 1),
    morePages: true,
    summary: `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)}+ ${noun}`,
  }
}
