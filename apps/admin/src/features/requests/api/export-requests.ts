import { useMutation } from '@tanstack/react-query'
import { requestLogFilename } from '@corral/contracts'
import { downloadFile } from '../../../lib/download.ts'
import type { RequestFilters } from '../components/requests-view.ts'

/** The filtered view as CSV or NDJSON, streamed by the server from the database. */
export const useExportRequests = () =>
  useMutation({
    mutationFn: ({ filters, format }: { filters: RequestFilters; format: 'csv' | 'ndjson' }) =>
      downloadFile('/corral/v1/admin/requests/export', requestLogFilename(filters.from, filters.to, format), {
        query: { ...filters, format },
        accept: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      }),
  })
