import type { InferenceRun } from './inference-run.ts'

/**
 * The runs between dispatch and the end of their answer, by request id: what the queue board shows of
 * them (elapsed, time to first token, tokens so far) and what an operator's cancel aborts. A run
 * counts its tokens itself as the stream flows; this holds one map entry per running request.
 */
export class RunningRequests {
  private readonly runs = new Map<string, InferenceRun>()

  add(run: InferenceRun): void {
    this.runs.set(run.context.requestId, run)
  }

  delete(run: InferenceRun): void {
    if (this.runs.get(run.context.requestId) === run) this.runs.delete(run.context.requestId)
  }

  get(requestId: string): InferenceRun | undefined {
    return this.runs.get(requestId)
  }
}
