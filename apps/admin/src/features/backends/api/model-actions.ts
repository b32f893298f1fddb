import type { CopyModelRequest, DeleteModelRequest, ModelActionResult } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'
import { useAdminMutation } from '../../../lib/use-admin-mutation.ts'

/** Each backend answers for itself, so a partial failure is reported backend by backend. */
const summary = (verb: string, result: ModelActionResult) => {
  const failed = result.results.filter((backend) => !backend.ok)
  const done = result.results.filter((backend) => backend.ok).map((backend) => backend.backend_name)
  return failed.length === 0
    ? `${verb} on ${done.join(', ')}`
    : `${verb} on ${done.join(', ') || 'no backend'}; failed on ${failed.map((b) => `${b.backend_name} (${b.error ?? b.status})`).join(', ')}`
}

export const useDeleteModel = () =>
  useAdminMutation({
    mutationFn: (request: DeleteModelRequest) =>
      http<ModelActionResult>('/corral/v1/admin/models/delete', { method: 'POST', body: request }),
    invalidates: () => [queryKeys.models, queryKeys.backends, queryKeys.audit.all],
    success: (result, request) => summary(`Deleted ${request.model}`, result),
    handlesErrors: true,
  })

export const useCopyModel = () =>
  useAdminMutation({
    mutationFn: (request: CopyModelRequest) =>
      http<ModelActionResult>('/corral/v1/admin/models/copy', { method: 'POST', body: request }),
    invalidates: () => [queryKeys.models, queryKeys.backends, queryKeys.audit.all],
    success: (result, request) => summary(`Copied ${request.source} to ${request.destination}`, result),
    handlesErrors: true,
  })
