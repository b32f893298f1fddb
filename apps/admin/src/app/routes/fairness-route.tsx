import { FairnessPage } from '../../features/fairness/components/fairness-page.tsx'
import { paths } from '../paths.ts'

export function FairnessRoute() {
  return <FairnessPage userHref={paths.user} />
}
