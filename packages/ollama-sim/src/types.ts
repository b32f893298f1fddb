import type { EventEmitter } from 'node:events'
import type { IncomingHttpHeaders } from 'node:http'

/** A model the simulator knows, described the way `/api/tags` and `/api/show` report it. */
export interface SimModel {
  /** Full name with tag, e.g. `llama3.2:latest`; a missing tag means `:latest`. */
  name: string
  family?: string
  parameterSize?: string
  quantization?: string
  sizeBytes?: number
  /** Any of `completion`, `tools`, `vision`, `embedding`, `thinking`; default `['completion']`. */
  capabilities?: string[]
  embeddingLength?: number
  contextLength?: number
}

export type OpenAiStreamFormat = 'current' | 'legacy'

export interface OllamaSimOptions {
  /** Default `127.0.0.1`. */
  host?: string
  /** Default 0 (a random free port); the CLI passes 11434. */
  port?: number
  /** What `/api/version` reports; default `0.33.0`. */
  version?: string
  /** The local models (`/api/tags`); default: llama3.2, qwen3:8b (thinking), llava (vision), all-minilm (embedding). */
  models?: SimModel[]
  /** Models `/api/pull` can fetch, in addition to `models`; default adds mistral, gemma3 and nomic-embed-text. */
  registry?: SimModel[]
  /** Like `OLLAMA_NUM_PARALLEL`: requests running at once per loaded model; the rest wait in FIFO order. Default 1. */
  numParallel?: number
  /** Like `OLLAMA_MAX_QUEUE`: waiting requests beyond this get 503 `server busy…`. Default 512. */
  maxQueue?: number
  /** Delay before each streamed token, default 25; 0 yields to the event loop between tokens instead. */
  tokenIntervalMs?: number
  /** Delay before the first token when the model is not in `/api/ps` yet, default 300. */
  loadDelayMs?: number
  /** Output tokens when the request sets no `num_predict` / `max_tokens`, default 24. */
  responseTokens?: number
  /** Delay between pull/push/create progress lines, default 60 like Ollama. */
  pullChunkIntervalMs?: number
  /** How long a model stays in `/api/ps` after its last use when the request sets no `keep_alive`, default 5 min. */
  keepAliveMs?: number
  /** OpenAI chat stream wire format: `current` (Ollama ≥ 0.32.6) or `legacy`. Default `current`. */
  openAiStreamFormat?: OpenAiStreamFormat
  /** Emulate Ollama's `allowedHostsMiddleware`: 403 with an empty body for a non-local `Host`. Default false. */
  requireHost?: boolean
  /** Reads blob uploads no faster than this (a slow disk or network); 0, the default, means no limit. */
  blobBytesPerSecond?: number
}

/** Faults are consumed in the order they were injected, by the first request they match. */
export type SimFault =
  | { kind: 'busy'; model?: string; times?: number }
  | { kind: 'mid-stream-error'; afterChunks: number; model?: string; times?: number; message?: string }
  | { kind: 'reset'; afterChunks: number; model?: string; times?: number }
  | { kind: 'eof'; afterChunks: number; model?: string; times?: number }
  | { kind: 'long-line'; afterChunks: number; bytes: number; model?: string; times?: number }
  | { kind: 'slow-first-byte'; delayMs: number; model?: string; times?: number }
  | { kind: 'status'; status: number; body?: unknown; path?: string; times?: number }

export interface SimStats {
  /** Requests received, control endpoints (`/_sim/*`) excluded. */
  requests: number
  /** HTTP requests whose response has not finished. */
  inFlight: number
  maxInFlight: number
  /**
   * Inference requests (generate, chat, embed and their `/v1` twins) received and not finished, whether
   * they are waiting for a parallel slot or running: the number a gateway in front decides.
   */
  inferenceInFlight: number
  maxInferenceInFlight: number
  /** Inference requests holding a parallel slot (never more than `numParallel` per model). */
  running: number
  maxRunning: number
  /** Inference requests whose client went away before the response finished. */
  aborted: number
  /** Inference requests that ran to their last byte. */
  completed: number
  /** Headers of the last request, to check what a gateway rewrote or stripped. */
  lastHeaders?: Record<string, string | string[] | undefined>
  /** Zeroes the counters; the live gauges stay and the maxima restart from them. */
  reset(): void
}

export interface SimRequestEvent {
  id: number
  method: string
  /** The path as Ollama's router sees it: percent-decoded once (`/api/%70ull` is `/api/pull`). */
  path: string
  /** The path exactly as it arrived, before decoding. */
  rawPath: string
  headers: IncomingHttpHeaders
}

export interface InferenceStartEvent {
  id: number
  model: string
}

export type InferenceOutcome = 'completed' | 'aborted' | 'fault'

export interface InferenceEndEvent {
  id: number
  model: string
  /** True when the client closed the connection before the response finished. */
  aborted: boolean
  outcome: InferenceOutcome
  /** `performance.now()` when the simulator saw the end (for an abort: when the socket closed). */
  at: number
}

export interface OllamaSim {
  /** e.g. `http://127.0.0.1:11434` */
  url: string
  port: number
  /** Live counters. */
  stats: SimStats
  /** Emits `request`, `inference-start` and `inference-end`. */
  events: EventEmitter
  inject(fault: SimFault): void
  clearFaults(): void
  setOptions(patch: Partial<OllamaSimOptions>): void
  /** Closes the server and destroys open sockets. */
  close(): Promise<void>
}
