import type { SimModel } from '../types.ts'

/** Sizes, families and capabilities as the real models report them, so UIs and tests see familiar values. */
export const defaultModels: SimModel[] = [
  {
    name: 'llama3.2:latest',
    family: 'llama',
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 2019393189,
    capabilities: ['completion', 'tools'],
    embeddingLength: 3072,
    contextLength: 131072,
  },
  {
    name: 'qwen3:8b',
    family: 'qwen3',
    parameterSize: '8.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 5225388164,
    capabilities: ['completion', 'tools', 'thinking'],
    embeddingLength: 4096,
    contextLength: 40960,
  },
  {
    name: 'llava:latest',
    family: 'llama',
    parameterSize: '7B',
    quantization: 'Q4_0',
    sizeBytes: 4733363377,
    capabilities: ['completion', 'vision'],
    embeddingLength: 4096,
    contextLength: 32768,
  },
  {
    name: 'all-minilm:latest',
    family: 'bert',
    parameterSize: '23M',
    quantization: 'F16',
    sizeBytes: 45960996,
    capabilities: ['embedding'],
    embeddingLength: 384,
    contextLength: 512,
  },
]

/** What `/api/pull` can find besides the default models. */
export const defaultRegistryExtras: SimModel[] = [
  {
    name: 'mistral:latest',
    family: 'llama',
    parameterSize: '7.2B',
    quantization: 'Q4_K_M',
    sizeBytes: 4372824384,
    capabilities: ['completion', 'tools'],
    embeddingLength: 4096,
    contextLength: 32768,
  },
  {
    name: 'gemma3:latest',
    family: 'gemma3',
    parameterSize: '4.3B',
    quantization: 'Q4_K_M',
    sizeBytes: 3338801804,
    capabilities: ['completion', 'vision'],
    embeddingLength: 2560,
    contextLength: 131072,
  },
  {
    name: 'nomic-embed-text:latest',
    family: 'nomic-bert',
    parameterSize: '137M',
    quantization: 'F16',
    sizeBytes: 274302450,
    capabilities: ['embedding'],
    embeddingLength: 768,
    contextLength: 2048,
  },
]

/** A plausible description for a name nobody described, e.g. `--models phi4` on the command line. */
export function describeModel(name: string): SimModel {
  const known = [...defaultModels, ...defaultRegistryExtras].find(
    (model) => model.name === name || model.name === `${name}:latest`,
  )
  return known ?? { name, capabilities: ['completion'] }
}
