import { useQuery } from '@tanstack/react-query'
import type { FleetModel } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** Every model across the backends, with where it is and where it is loaded. */
export const useFleetModels = () =>
  useQuery({
    queryKey: queryKeys.models,
    queryFn: ({ signal }) => http<{ models: FleetModel[] }>('/corral/v1/admin/models', { signal }),
    select: (data) => data.models,
  })
