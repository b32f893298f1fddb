import { AllowlistPage } from '../../features/allowlist/components/allowlist-page.tsx'

export function AllowlistRoute() {
  return <AllowlistPage />
}
