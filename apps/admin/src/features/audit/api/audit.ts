import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import type { AdminAuditPage, AdminAuditQuery, AuditExportQuery } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { downloadFile } from '../../../lib/download.ts'
import { useLiveInvalidation } from '../../../lib/live-events/index.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

/** A page of the audit log; a new record anywhere (an `audit` event) refreshes it within a second. */
export function useAuditLog(query: AdminAuditQuery) {
  useLiveInvalidation(['audit'], [queryKeys.audit.all])
  return useQuery({
    queryKey: queryKeys.audit.list(query),
    queryFn: ({ signal }) => http<AdminAuditPage>('/corral/v1/admin/audit', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  })
}

/** The filtered view as CSV, streamed by the server from the database. */
export const useExportAudit = () =>
  useMutation({
    mutationFn: (filters: AuditExportQuery) =>
      downloadFile(
        '/corral/v1/admin/audit/export',
        `corral-audit-${new Date().toISOString().slice(0, 10)}.csv`,
        {
          query: { ...filters },
          accept: 'text/csv',
        },
      ),
  })
