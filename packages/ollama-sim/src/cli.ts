import { parseArgs } from 'node:util'
import { describeModel } from './models/default-models.ts'
import { startOllamaSim } from './start-ollama-sim.ts'
import type { OllamaSim, OllamaSimOptions } from './types.ts'

export const usage = `Usage: corral sim [options]

Runs an Ollama API simulator (no model weights needed).

  --host <address>              default 127.0.0.1
  --port <port>                 default 11434 (0 picks a free port)
  --models <a,b,…>              local models, default llama3.2, qwen3:8b, llava, all-minilm
  --parallel <n>                requests per loaded model at once (OLLAMA_NUM_PARALLEL), default 1
  --max-queue <n>               waiting requests before 503 (OLLAMA_MAX_QUEUE), default 512
  --token-interval-ms <ms>      delay between streamed tokens, default 25
  --load-delay-ms <ms>          model load time, default 300
  --response-tokens <n>         tokens per answer without num_predict, default 24
  --pull-chunk-interval-ms <ms> delay between pull progress lines, default 60
  --version <x.y.z>             version to report, default 0.33.0
  --openai-stream-format <f>    current | legacy, default current
  --require-host                answer 403 to a non-local Host header, like Ollama on loopback
  --help
`

/** Parses `corral sim` flags into simulator options; throws with a readable message on a bad flag. */
export function parseSimArgs(argv: string[]): OllamaSimOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      models: { type: 'string' },
      parallel: { type: 'string' },
      'max-queue': { type: 'string' },
      'token-interval-ms': { type: 'string' },
      'load-delay-ms': { type: 'string' },
      'response-tokens': { type: 'string' },
      'pull-chunk-interval-ms': { type: 'string' },
      version: { type: 'string' },
      'openai-stream-format': { type: 'string' },
      'require-host': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  const number = (flag: keyof typeof values): number | undefined => {
    const raw = values[flag]
    if (raw === undefined) return undefined
    const value = Number(raw)
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new Error(`--${flag} expects a number, got "${String(raw)}"`)
    }
    return value
  }
  const format = values['openai-stream-format']
  if (format !== undefined && format !== 'current' && format !== 'legacy') {
    throw new Error(`--openai-stream-format expects current or legacy, got "${format}"`)
  }
  const models = values.models
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map(describeModel)
  return {
    help: values.help ?? false,
    host: values.host,
    port: number('port') ?? 11434,
    models,
    numParallel: number('parallel'),
    maxQueue: number('max-queue'),
    tokenIntervalMs: number('token-interval-ms'),
    loadDelayMs: number('load-delay-ms'),
    responseTokens: number('response-tokens'),
    pullChunkIntervalMs: number('pull-chunk-interval-ms'),
    version: values.version,
    openAiStreamFormat: format,
    requireHost: values['require-host'],
  }
}

/**
 * `corral sim`: starts the simulator from command-line flags and logs one line with its URL. Resolves with
 * the running simulator (undefined after `--help`); the caller decides when to close it.
 */
export async function main(
  argv: string[],
  log: (line: string) => void = console.log,
): Promise<OllamaSim | undefined> {
  const { help, ...options } = parseSimArgs(argv)
  if (help) {
    log(usage)
    return undefined
  }
  const sim = await startOllamaSim(options)
  log(`ollama-sim listening on ${sim.url}`)
  return sim
}
