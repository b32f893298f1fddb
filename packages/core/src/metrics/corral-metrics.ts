import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Latency buckets from 1 ms to 10 min: queue waits and model loads span that whole range. */
const secondsBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600]

/**
 * Every reason a request is refused before it reaches a backend: the stable `reason` labels of
 * `corral_rejections_total`, each set to 0 at start so `rate()` and alerts see the series before the
 * first refusal. Changing one breaks dashboards and alert rules (deploy/grafana, deploy/prometheus).
 */
export const refusalReasons = [
  'queue-full',
  'user-queue-full',
  'queue-timeout',
  'no-backend',
  'model-not-allowed',
  'concurrency',
  'rpm',
  'tpm',
  'daily-quota',
  'monthly-quota',
  'body-memory-full',
  'user-body-memory-full',
] as const
export type RefusalReason = (typeof refusalReasons)[number]

export type AlertDeliveryKind = 'generic' | 'slack'
export type AlertDeliveryResult = 'delivered' | 'failed' | 'retried'

/** Base priorities are integers 1–10 (scheduler); each gets a queue-depth series, 0 when empty. */
const priorities = Array.from({ length: 10 }, (_, index) => String(index + 1))

/**
 * Corral's Prometheus metrics, in one registry served at `/metrics`. Services record into it; gauges
 * about the queue and backends are read from their owners when scraped.
 */
export class CorralMetrics {
  readonly registry = new Registry()
  readonly requests = new Counter({
    name: 'corral_requests_total',
    help: 'Proxied requests by endpoint, model and status',
    labelNames: ['endpoint', 'model', 'status'] as const,
    registers: [this.registry],
  })
  readonly requestDuration = new Histogram({
    name: 'corral_request_duration_seconds',
    help: 'Proxied request duration, from arrival to the last byte',
    labelNames: ['endpoint'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  })
  readonly queueWait = new Histogram({
    name: 'corral_queue_wait_seconds',
    help: 'Time requests waited in the queue before a backend slot was free',
    labelNames: ['priority'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  })
  /** What the client waits: queue, model load and prompt evaluation. */
  readonly timeToFirstToken = new Histogram({
    name: 'corral_time_to_first_token_seconds',
    help: 'From arrival at Corral to the first generated token (queue wait included)',
    labelNames: ['model'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  })
  /** What the backend takes: model load and prompt evaluation. */
  readonly backendTimeToFirstToken = new Histogram({
    name: 'corral_backend_time_to_first_token_seconds',
    help: 'From dispatch to a backend to the first generated token (model load and prompt evaluation)',
    labelNames: ['model'] as const,
    buckets: secondsBuckets,
    registers: [this.registry],
  })
  readonly tokens = new Counter({
    name: 'corral_tokens_total',
    help: 'Tokens processed, by kind (prompt or output) and model',
    labelNames: ['kind', 'model'] as const,
    registers: [this.registry],
  })
  readonly rejections = new Counter({
    name: 'corral_rejections_total',
    help: 'Requests refused before reaching a backend, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  /** Webhook deliveries of alerts: `retried` per failed attempt that will be tried again, `failed` once given up. */
  readonly alertDeliveries = new Counter({
    name: 'corral_alert_deliveries_total',
    help: 'Alert webhook deliveries by target kind (generic or slack) and result (delivered, failed, retried)',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  })
  readonly usageRecordsDropped = new Counter({
    name: 'corral_usage_records_dropped_total',
    help: 'Usage records that could not be stored: invalid (refused by the database), buffer-full, shutdown',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly alertDeliveriesDropped = new Counter({
    name: 'corral_alert_deliveries_dropped_total',
    help: 'Alert notifications dropped because the delivery queue was full',
    registers: [this.registry],
  })
  private readonly scrapeHooks: (() => void)[] = []
  readonly queueDepth = new Gauge({
    name: 'corral_queue_depth',
    help: 'Requests waiting in the queue',
    registers: [this.registry],
    // Registered first among the live gauges, so its collect runs the hooks before they are read.
    collect: () => {
      for (const hook of this.scrapeHooks) hook()
    },
  })
  readonly waitingByPriority = new Gauge({
    name: 'corral_queue_waiting_requests',
    help: 'Requests waiting in the queue, by base priority (1-10); the sum is corral_queue_depth',
    labelNames: ['priority'] as const,
    registers: [this.registry],
  })
  readonly running = new Gauge({
    name: 'corral_running_requests',
    help: 'Requests running on backends',
    registers: [this.registry],
  })
  readonly bodyMemory = new Gauge({
    name: 'corral_body_memory_bytes',
    help: 'Request bodies held in memory while they are read or wait in the queue',
    registers: [this.registry],
  })
  readonly backendUp = new Gauge({
    name: 'corral_backend_up',
    help: '1 when the backend answers health checks',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  })
  readonly backendSlots = new Gauge({
    name: 'corral_backend_slots',
    help: 'Slots of each backend, by state (total or busy)',
    labelNames: ['backend', 'state'] as const,
    registers: [this.registry],
  })
  /** Counts up while slots work: `rate()` of it ÷ `corral_backend_slots{state="total"}` is utilisation. */
  readonly backendBusySeconds = new Counter({
    name: 'corral_backend_busy_seconds_total',
    help: 'Slot-seconds each backend has spent running requests (the integral of its busy slots)',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  })

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'corral_' })
    for (const reason of refusalReasons) this.rejections.inc({ reason }, 0)
    for (const reason of ['invalid', 'buffer-full', 'shutdown']) this.usageRecordsDropped.inc({ reason }, 0)
    for (const kind of ['generic', 'slack'] satisfies AlertDeliveryKind[]) {
      for (const result of ['delivered', 'failed', 'retried'] satisfies AlertDeliveryResult[]) {
        this.alertDeliveries.inc({ kind, result }, 0)
      }
    }
  }

  /** Counts a refusal under its stable reason label. */
  refused(reason: RefusalReason): void {
    this.rejections.inc({ reason })
  }

  /** Counts one alert delivery attempt's outcome (called by the webhook sender). */
  alertDelivered(kind: AlertDeliveryKind, result: AlertDeliveryResult): void {
    this.alertDeliveries.inc({ kind, result })
  }

  /** Sets the waiting count of every priority, 0 for those with nothing waiting. */
  setWaitingByPriority(waiting: ReadonlyMap<number, number>): void {
    for (const priority of priorities)
      this.waitingByPriority.set({ priority }, waiting.get(Number(priority)) ?? 0)
  }

  /** Gauges owned by another component are refreshed from it right before each scrape. */
  onScrape(refresh: () => void): void {
    this.scrapeHooks.push(refresh)
  }
}
