/** How much each scenario does; `--quick` shrinks everything for a one-minute smoke run. */
export function sizesFor(quick: boolean) {
  return {
    latency: { rounds: quick ? 3 : 8, requests: quick ? 100 : 250, warmup: quick ? 100 : 300 },
    throughput: {
      rounds: quick ? 1 : 3,
      seconds: quick ? 2 : 4,
      warmupSeconds: quick ? 0.5 : 1.5,
      concurrency: 32,
    },
    relay: { rounds: quick ? 1 : 3, streams: 200, tokens: quick ? 40 : 100, tokenIntervalMs: 25 },
    fairness: {
      rounds: quick ? 1 : 2,
      warmupMs: quick ? 1_500 : 3_000,
      windowMs: quick ? 3_000 : 8_000,
      demands: [1, 2, 4, 8, 16, 32, 64, 64],
      // Fewer slots than users: every user's max-min share (slots ÷ 8) is below its demand, so all
      // eight are backlogged throughout (docs/performance.md, "Fairness").
      slots: 4,
      tokens: 20,
      tokenIntervalMs: 5,
    },
    // T ≈ 20 × 10 ms: slots free up about 25 ms apart, well above the event-loop stalls of a busy machine.
    priority: {
      rounds: quick ? 1 : 2,
      windowMs: quick ? 4_000 : 15_000,
      lowInFlight: 64,
      slots: 8,
      tokens: 20,
      tokenIntervalMs: 10,
    },
    abort: { samples: quick ? 30 : 120, background: 32, tokenIntervalMs: 5 },
    memory: { queued: quick ? 4_000 : 10_000, slots: 8 },
    // 1,000 waiting and 200 running (issue 11); a request holds its slot for about 4 × 25 ms.
    events: {
      rounds: quick ? 2 : 4,
      seconds: quick ? 3 : 5,
      warmupSeconds: quick ? 4 : 6,
      waiting: 1_000,
      running: 200,
      tokens: 4,
      tokenIntervalMs: 25,
    },
  }
}

export type Sizes = ReturnType<typeof sizesFor>
