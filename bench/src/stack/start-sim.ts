import { startOllamaSim, type OllamaSim, type OllamaSimOptions } from '@corral/ollama-sim'

export const benchModel = 'llama3.2'

/** What every scenario starts from; each one changes what it needs with `sim.setOptions`. */
export const baseSimOptions = {
  numParallel: 256,
  maxQueue: 100_000,
  tokenIntervalMs: 0,
  loadDelayMs: 0,
  keepAliveMs: 24 * 3600_000,
} satisfies OllamaSimOptions

/**
 * The simulator runs inside the benchmark process, on the load generator's core: its `created_at`
 * stamps and events then share the clock (`performance.timeOrigin + performance.now()`) with the
 * client that receives the lines.
 */
export function startBenchSim(): Promise<OllamaSim> {
  return startOllamaSim({ ...baseSimOptions })
}

/** Waits until nothing is left running or waiting in the simulator (after a scenario's teardown). */
export async function simIdle(sim: OllamaSim, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (sim.stats.inferenceInFlight > 0) {
    if (performance.now() > deadline)
      throw new Error(`the simulator still has ${sim.stats.inferenceInFlight} requests`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
