import { parseModelName } from './models/model-name.ts'
import type { SimFault } from './types.ts'

export type FaultKind = SimFault['kind']
type StatusFault = Extract<SimFault, { kind: 'status' }>
type ModelFault = Exclude<SimFault, StatusFault>

interface Pending {
  fault: SimFault
  remaining: number
}

/** Injected faults, consumed in injection order by the first request each one matches. */
export class FaultQueue {
  private pending: Pending[] = []

  add(fault: SimFault): void {
    this.pending.push({ fault: validateFault(fault), remaining: fault.times ?? 1 })
  }

  clear(): void {
    this.pending = []
  }

  /** A `status` fault for this path (or for any path when the fault names none). */
  takeStatus(path: string): StatusFault | undefined {
    return this.take(
      (fault): fault is StatusFault => fault.kind === 'status' && (!fault.path || fault.path === path),
    )
  }

  /** The first fault of one of `kinds` aimed at this model (or at any model). */
  takeForModel(modelKey: string, kinds: readonly FaultKind[]): ModelFault | undefined {
    return this.take(
      (fault): fault is ModelFault =>
        fault.kind !== 'status' &&
        kinds.includes(fault.kind) &&
        (!fault.model || parseModelName(fault.model)?.key === modelKey),
    )
  }

  private take<T extends SimFault>(matches: (fault: SimFault) => fault is T): T | undefined {
    const index = this.pending.findIndex((entry) => matches(entry.fault))
    if (index === -1) return undefined
    const entry = this.pending[index]! // findIndex just found it
    if (--entry.remaining <= 0) this.pending.splice(index, 1)
    return entry.fault as T
  }
}

const kinds = new Set<string>([
  'busy',
  'mid-stream-error',
  'reset',
  'eof',
  'long-line',
  'slow-first-byte',
  'status',
])

/** Faults also arrive as JSON through `POST /_sim/faults`, so check them instead of trusting the type. */
export function validateFault(value: unknown): SimFault {
  if (typeof value !== 'object' || value === null) throw new TypeError('a fault must be an object')
  const fault = value as Record<string, unknown>
  if (typeof fault.kind !== 'string' || !kinds.has(fault.kind)) {
    throw new TypeError(`fault kind must be one of ${[...kinds].join(', ')}`)
  }
  const need = (key: string, min: number): void => {
    const field = fault[key]
    if (typeof field !== 'number' || !Number.isInteger(field) || field < min) {
      throw new TypeError(`${fault.kind as string} fault needs an integer "${key}" of at least ${min}`)
    }
  }
  if (fault.times !== undefined) need('times', 1)
  if (fault.model !== undefined && typeof fault.model !== 'string')
    throw new TypeError('"model" must be a string')
  if (['mid-stream-error', 'reset', 'eof', 'long-line'].includes(fault.kind)) need('afterChunks', 0)
  if (fault.kind === 'long-line') need('bytes', 1)
  if (fault.kind === 'slow-first-byte') need('delayMs', 0)
  if (fault.kind === 'status') {
    need('status', 100)
    if (fault.path !== undefined && typeof fault.path !== 'string')
      throw new TypeError('"path" must be a string')
  }
  return value as SimFault
}
