import { useQuery } from '@tanstack/react-query'
import type { AlertDeliveryList } from '@corral/contracts'
import { http } from '@corral/web-kit'
import { queryKeys } from '../../../lib/query-keys.ts'

/** The newest attempts, polled every two seconds while the page is open (retries arrive over minutes). */
export const useAlertDeliveries = () =>
  useQuery({
    queryKey: queryKeys.alerts.deliveries,
    queryFn: ({ signal }) =>
      http<AlertDeliveryList>('/corral/v1/admin/alerts/deliveries?limit=100', { signal }),
    refetchInterval: 2000,
  })
