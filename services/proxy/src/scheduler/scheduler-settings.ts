import type { EnqueueRequest, SchedulerSettings } from './types.ts'

export type ResolvedSettings = Required<SchedulerSettings>

const defaults = {
  agingIntervalMs: 0,
  inputTokenWeight: 1,
  outputTokenWeight: 2,
  initialServiceTimeMs: 10_000,
  userIdleMs: 60 * 60_000,
}

/** Applies `patch` over `base` (or the defaults), refusing values that would break the scheduler. */
export function resolveSettings(
  patch: SchedulerSettings,
  base: SchedulerSettings = defaults,
): ResolvedSettings {
  const settings = { ...base, ...withoutUndefined(patch) } as ResolvedSettings
  requireAtLeast('agingIntervalMs', settings.agingIntervalMs, 0)
  requireAtLeast('maxQueueLength', settings.maxQueueLength, 0)
  requireAtLeast('maxQueuePerUser', settings.maxQueuePerUser, 0)
  requireAtLeast('maxWaitMs', settings.maxWaitMs, 0, true)
  requireAtLeast('inputTokenWeight', settings.inputTokenWeight, 0)
  requireAtLeast('outputTokenWeight', settings.outputTokenWeight, 0)
  requireAtLeast('initialServiceTimeMs', settings.initialServiceTimeMs, 0)
  requireAtLeast('userIdleMs', settings.userIdleMs, 0, true)
  return settings
}

/** Rejects a request the caller should never have built; these are bugs, not client errors. */
export function validateRequest(request: EnqueueRequest): void {
  const { id, priority, weight, estimatedPromptTokens, maxWaitMs } = request
  validatePriority(id, priority)
  if (!(weight > 0 && Number.isFinite(weight))) {
    throw new RangeError(`request ${id}: weight must be a positive number, got ${weight}`)
  }
  requireAtLeast(`request ${id}: estimatedPromptTokens`, estimatedPromptTokens, 0)
  if (maxWaitMs !== undefined) requireAtLeast(`request ${id}: maxWaitMs`, maxWaitMs, 0, true)
}

export function validatePriority(id: string, priority: number): void {
  if (!Number.isInteger(priority) || priority < 1 || priority > 10) {
    throw new RangeError(`request ${id}: priority must be an integer from 1 to 10, got ${priority}`)
  }
}

function requireAtLeast(name: string, value: number | undefined, min: number, infinite = false): void {
  const finite = Number.isFinite(value) || (infinite && value === Infinity)
  if (value === undefined || !finite || value < min) {
    throw new RangeError(`${name} must be a number ≥ ${min}, got ${value}`)
  }
}

function withoutUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>
}
