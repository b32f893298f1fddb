import { sameModel, useModels } from '../api/get-models.ts'

/** What the conversation's model can do, e.g. whether it accepts images (`vision`). */
export function useModelCapabilities(model: string | undefined): string[] {
  const { data } = useModels()
  if (!model || !data) return []
  return data.find((candidate) => sameModel(candidate.name, model))?.capabilities ?? []
}
