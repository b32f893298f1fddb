import type { WaitingReason as WaitingReasonView } from '@corral/contracts'
import type { WaitingReason } from '../scheduler/index.ts'

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

/**
 * The scheduler's reason in API form, with its sentence: the one place the words are chosen, so the
 * board, `GET /corral/v1/me/queue` and the chat app say the same thing.
 */
export function presentWaitingReason(
  reason: WaitingReason,
  backendName: (id: string) => string,
): WaitingReasonView {
  switch (reason.kind) {
    case 'no-backend':
      return { kind: reason.kind, model: reason.model, text: `no healthy backend has model ${reason.model}` }
    case 'slots-busy': {
      const backends = reason.backendIds.map((id) => ({ id, name: backendName(id) }))
      const names = backends.map((backend) => backend.name).join(', ')
      const text =
        reason.slots === 1
          ? `the only slot of ${names} is busy`
          : `all ${reason.slots} slots of ${names} busy`
      return { kind: reason.kind, backends, slots: reason.slots, text }
    }
    case 'higher-priority':
      return {
        kind: reason.kind,
        ahead: reason.ahead,
        text: `${plural(reason.ahead, 'request', 'requests')} of higher effective priority ahead`,
      }
    case 'fair-share': {
      const ratio = reason.leastCounter > 0 ? round(reason.counter / reason.leastCounter, 1) : null
      const text =
        ratio === null
          ? 'fair share: this user has been served more than the least-served user, who has had nothing yet'
          : `fair share: this user has been served ${ratio}× the least-served user`
      return {
        kind: reason.kind,
        ratio,
        counter: round(reason.counter, 1),
        least_counter: round(reason.leastCounter, 1),
        ahead: reason.ahead,
        text,
      }
    }
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}
