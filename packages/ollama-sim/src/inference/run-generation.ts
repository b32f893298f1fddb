import type { Exchange } from '../http/exchange.ts'
import { HttpError } from '../http/http-error.ts'
import { LineWriter } from '../http/line-writer.ts'
import { send } from '../http/responses.ts'
import { Ticker } from '../scheduling/ticker.ts'
import { rfc3339Nano } from '../text/timestamps.ts'
import type { GenerationJob, GenerationSummary, OutputFormat } from './generation-types.ts'
import type { InferenceSession, StreamFault } from './inference-session.ts'

const runnerError = 'an error was encountered while running the model'

/**
 * Produces the job's pieces one per `tokenIntervalMs` and writes them in `format`. Stops at once when the
 * client leaves: the session reports the abort and frees the slot.
 */
export async function runGeneration(
  exchange: Exchange,
  session: InferenceSession,
  job: GenerationJob,
  format: OutputFormat,
): Promise<void> {
  const writer = new LineWriter(exchange.res, format.streamContentType, exchange.signal, format.streamHeaders)
  const ticker = new Ticker(exchange.signal)
  try {
    await generate(exchange, session, job, format, writer, ticker)
  } finally {
    ticker.stop()
  }
}

async function generate(
  exchange: Exchange,
  session: InferenceSession,
  job: GenerationJob,
  format: OutputFormat,
  writer: LineWriter,
  ticker: Ticker,
): Promise<void> {
  const { ctx, res } = exchange
  const fault = session.streamFault
  let firstTokenNs = session.loadedNs
  for (let i = 0; i < job.pieces.length; i++) {
    if (!(await ticker.tick(ctx.options.tokenIntervalMs))) return session.finish('aborted')
    if (i === 0) firstTokenNs = process.hrtime.bigint()
    if (fault?.afterChunks === i) return failMidStream(exchange, session, writer, format, fault)
    if (job.stream && !(await writer.write(format.piece(job.pieces[i]!, rfc3339Nano())))) {
      return session.finish('aborted')
    }
  }
  if (fault) return failMidStream(exchange, session, writer, format, fault)
  const summary = summarize(exchange, session, job, firstTokenNs)
  if (job.stream) {
    if (!(await writer.write(format.done(summary)))) return session.finish('aborted')
    writer.end()
  } else {
    const { contentType, body } = format.whole(summary)
    send(res, 200, contentType, body)
  }
  session.finish('completed')
}

async function failMidStream(
  exchange: Exchange,
  session: InferenceSession,
  writer: LineWriter,
  format: OutputFormat,
  fault: StreamFault,
): Promise<void> {
  const { res } = exchange
  if (fault.kind === 'reset') {
    session.finish('fault')
    // A TCP RST rather than a FIN: the client sees ECONNRESET mid-body.
    res.socket?.resetAndDestroy()
    return
  }
  if (fault.kind === 'eof') {
    session.finish('fault')
    writer.end()
    return
  }
  if (fault.kind === 'long-line') {
    session.finish('fault')
    // A misbehaving backend: one line that never ends, written with backpressure, then EOF.
    const piece = 'x'.repeat(64 * 1024)
    let left = fault.bytes
    if (!(await writer.write(['{"response":"']))) return
    while (left > 0) {
      const part = left >= piece.length ? piece : piece.slice(0, left)
      left -= part.length
      if (!(await writer.write([part]))) return
    }
    writer.end()
    return
  }
  const message = fault.message ?? runnerError
  session.finish('fault')
  // Before the first byte Ollama can still send a real status (`streamResponse`, reference §5).
  if (!writer.started) throw new HttpError(500, message)
  await writer.write(format.streamError(message))
  writer.end()
}

function summarize(
  exchange: Exchange,
  session: InferenceSession,
  job: GenerationJob,
  firstTokenNs: bigint,
): GenerationSummary {
  const now = process.hrtime.bigint()
  const evalCount = job.pieces.length
  const nanos = (from: bigint, to: bigint): number => Math.max(1, Number(to - from))
  return {
    model: job.requestedModel,
    createdAt: rfc3339Nano(),
    doneReason: job.doneReason,
    content: job.pieces.map((piece) => piece.content ?? '').join(''),
    thinking: job.pieces.map((piece) => piece.thinking ?? '').join(''),
    toolCalls: job.pieces.flatMap((piece) => piece.toolCalls ?? []),
    metrics: {
      total_duration: nanos(exchange.startedNs, now),
      load_duration: nanos(exchange.startedNs, session.loadedNs),
      prompt_eval_count: job.promptTokens,
      prompt_eval_duration: nanos(session.loadedNs, firstTokenNs),
      eval_count: evalCount,
      eval_duration: nanos(firstTokenNs, now),
    },
    context: job.withContext ? contextTokens(job.promptTokens + evalCount, job.promptTokens) : undefined,
  }
}

/** Stand-in token ids for `context`: one per prompt and reply token, like Ollama's tokenizer output. */
function contextTokens(count: number, seed: number): number[] {
  const tokens = new Array<number>(count)
  for (let i = 0; i < count; i++) tokens[i] = 128 + ((seed * 31 + i * 7919) % 127_000)
  return tokens
}
