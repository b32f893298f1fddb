import { Navigate } from 'react-router'
import { paths } from '../paths.ts'

export function OverviewRoute() {
  return <Navigate to={paths.users} replace />
}
