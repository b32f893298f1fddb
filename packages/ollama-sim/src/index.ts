export { startOllamaSim } from './start-ollama-sim.ts'
export { main, parseSimArgs } from './cli.ts'
export { defaultModels, defaultRegistryExtras } from './models/default-models.ts'
export { simTokens, simThinkingTokens, countTokens } from './text/tokens.ts'
export type {
  InferenceEndEvent,
  InferenceOutcome,
  InferenceStartEvent,
  OllamaSim,
  OllamaSimOptions,
  OpenAiStreamFormat,
  SimFault,
  SimModel,
  SimRequestEvent,
  SimStats,
} from './types.ts'
