import type { OllamaSim } from '@corral/ollama-sim'

export interface SlotCheck {
  label: string
  slots: number
  maxInFlight: number
}

/**
 * Slot-cap bookkeeping seen from the backend: between `begin` and `end` the simulator must never have
 * more inference requests (waiting or running) than Corral's slots for it. Checked over measurement
 * windows only: tearing a scenario down aborts hundreds of streams at once, and an aborted request
 * can linger in the simulator a moment after Corral has (rightly) reused its slot.
 */
export class SlotAudit {
  readonly checks: SlotCheck[] = []

  constructor(private readonly sim: OllamaSim) {}

  begin(): void {
    this.sim.stats.reset()
  }

  end(label: string, slots: number): SlotCheck {
    const check = { label, slots, maxInFlight: this.sim.stats.maxInferenceInFlight }
    this.checks.push(check)
    return check
  }

  get violations(): SlotCheck[] {
    return this.checks.filter((check) => check.maxInFlight > check.slots)
  }
}
