import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createKey, signInAdmin } from '../support/api-client.ts'
import { parsePrometheusText, type ScrapedSeries } from '../support/prometheus-text.ts'
import { promqlReads, type PromqlReads } from '../support/promql-selectors.ts'
import { startTestCorral, type TestCorral } from '../support/test-corral.ts'

const root = new URL('../../', import.meta.url)
const read = (file: string) => readFile(new URL(file, root), 'utf8')

interface Panel {
  id: number
  type: string
  title: string
  datasource?: { type: string; uid: string }
  gridPos: { x: number; y: number; w: number; h: number }
  targets?: { expr: string; refId: string; datasource?: { uid: string } }[]
}
interface Dashboard {
  uid: string
  title: string
  schemaVersion: number
  templating: { list: { name: string; type: string; query: string }[] }
  panels: Panel[]
}
interface Rule {
  alert: string
  expr: string
  for?: string
  labels: { severity: string }
  annotations: { summary: string; description: string }
}
interface Rules {
  groups: { name: string; rules: Rule[] }[]
}

/** Series Prometheus makes itself for each scrape target; Corral does not export them. */
const madeByPrometheus = new Set(['up'])

/** What each expression needs from /metrics that the scrape does not have, in words. */
function missing(where: string, reads: PromqlReads, scraped: ScrapedSeries): string[] {
  const problems: string[] = []
  const corral = reads.selectors.filter(({ metric }) => !madeByPrometheus.has(metric))
  for (const { metric, matchers } of corral) {
    const series = scraped.get(metric)
    if (!series) {
      problems.push(`${where}: no metric ${metric}`)
      continue
    }
    for (const { label, op, value } of matchers) {
      const found =
        op === '='
          ? series.some((sample) => sample.labels[label] === value)
          : series.some((sample) => label in sample.labels)
      if (!found) problems.push(`${where}: no series ${metric}{${label}${op}"${value}"}`)
    }
  }
  for (const label of reads.groupingLabels) {
    const hasLabel = reads.selectors.some(
      ({ metric }) =>
        madeByPrometheus.has(metric) || scraped.get(metric)?.some((sample) => label in sample.labels),
    )
    if (!hasLabel) problems.push(`${where}: no metric it reads has the label "${label}"`)
  }
  return problems
}

describe('the Grafana dashboard and the Prometheus rules under deploy/', () => {
  let corral: TestCorral
  let dashboard: Dashboard
  let rules: Rules

  beforeAll(async () => {
    dashboard = JSON.parse(await read('deploy/grafana/corral-dashboard.json')) as Dashboard
    rules = parse(await read('deploy/prometheus/corral-alerts.yml')) as Rules
    corral = await startTestCorral()
  })
  afterAll(() => corral?.close())

  const dashboardExprs = () =>
    dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr })),
    )
  const ruleExprs = () =>
    rules.groups.flatMap((group) =>
      group.rules.map((rule) => ({ where: `rule ${rule.alert}`, expr: rule.expr })),
    )

  it('reads only metrics and labels that /metrics has, once traffic has gone through', async () => {
    const { key } = await createKey((await signInAdmin(corral)).api)
    for (const stream of [false, true]) {
      const response = await fetch(`${corral.url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: JSON.stringify({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream }),
      })
      expect(response.status).toBe(200)
      await response.text()
    }
    const metrics = await fetch(`${corral.url}/metrics`)
    expect(metrics.status).toBe(200)
    const scraped = parsePrometheusText(await metrics.text())

    const exprs = [...dashboardExprs(), ...ruleExprs()]
    const problems = exprs.flatMap(({ where, expr }) => missing(where, promqlReads(expr), scraped))
    expect(problems).toEqual([])

    // Not vacuous: the files read the metrics behind every dashboard of issue 11.
    const used = new Set(exprs.flatMap(({ expr }) => promqlReads(expr).selectors.map((s) => s.metric)))
    for (const metric of [
      'corral_queue_waiting_requests',
      'corral_queue_wait_seconds_bucket',
      'corral_time_to_first_token_seconds_bucket',
      'corral_tokens_total',
      'corral_rejections_total',
      'corral_requests_total',
      'corral_backend_slots',
      'corral_backend_busy_seconds_total',
      'corral_backend_up',
      'corral_alert_deliveries_total',
      'corral_usage_records_dropped_total',
      'up',
    ]) {
      expect(used).toContain(metric)
    }
  })

  it('finds the metric of a renamed series missing', async () => {
    const scraped = parsePrometheusText(await (await fetch(`${corral.url}/metrics`)).text())
    const renamed = promqlReads('sum by (priority) (rate(corral_queue_wait_second_bucket[5m]))')
    expect(missing('test', renamed, scraped)).toEqual([
      'test: no metric corral_queue_wait_second_bucket',
      'test: no metric it reads has the label "priority"',
    ])
    const relabelled = promqlReads('sum by (prio) (corral_backend_slots{state="idle"})')
    expect(missing('test', relabelled, scraped)).toEqual([
      'test: no series corral_backend_slots{state="idle"}',
      'test: no metric it reads has the label "prio"',
    ])
  })

  it('reads selectors, matchers and grouping labels out of PromQL', () => {
    expect(
      promqlReads(
        'histogram_quantile(0.95, sum by (le, priority) (rate(corral_queue_wait_seconds_bucket{job=~"c.*"}[$__rate_interval]))) > 30',
      ),
    ).toEqual({
      selectors: [
        { metric: 'corral_queue_wait_seconds_bucket', matchers: [{ label: 'job', op: '=~', value: 'c.*' }] },
      ],
      groupingLabels: ['le', 'priority'],
    })
    expect(
      promqlReads('sum(a) / on (backend) group_left max(b{x="}"}) * 60 and c offset 5m').selectors,
    ).toEqual([
      { metric: 'a', matchers: [] },
      { metric: 'b', matchers: [{ label: 'x', op: '=', value: '}' }] },
      { metric: 'c', matchers: [] },
    ])
  })

  it('is a dashboard Grafana imports as is, on a data source the importer picks', () => {
    expect(dashboard).toMatchObject({ uid: 'corral-overview', title: 'Corral' })
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36)
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    )
    const ids = dashboard.panels.map((panel) => panel.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24)
      if (panel.type === 'row') continue
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' })
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe('${datasource}')
    }
    // Panels do not overlap on Grafana's 24-column grid.
    const cells = new Set<string>()
    for (const { gridPos, title } of dashboard.panels) {
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false)
          cells.add(`${x},${y}`)
        }
      }
    }
  })

  it('are rules Prometheus loads: named, with a duration, a severity and a summary', async () => {
    const alerts = rules.groups.flatMap((group) => group.rules)
    expect(alerts.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'CorralScrapeTargetDown',
        'CorralBackendDown',
        'CorralQueueWaitHigh',
        'CorralRefusalsHigh',
        'CorralUsageRecordsDropped',
      ]),
    )
    for (const rule of alerts) {
      expect(rule.alert).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/)
      expect(rule.expr.trim().length).toBeGreaterThan(0)
      if (rule.for !== undefined) expect(rule.for).toMatch(/^(\d+(ms|s|m|h|d|w|y))+$/)
      expect(['critical', 'warning', 'info']).toContain(rule.labels.severity)
      expect(rule.annotations.summary.length).toBeGreaterThan(0)
    }
    expect(alerts.find((rule) => rule.alert === 'CorralBackendDown')?.for).toBe('1m')
    // The scrape example names the job the rules and the dashboard select.
    const prometheus = parse(await read('deploy/prometheus/prometheus.yml')) as {
      rule_files: string[]
      scrape_configs: { job_name: string; metrics_path: string }[]
    }
    expect(prometheus.rule_files).toContain('corral-alerts.yml')
    expect(prometheus.scrape_configs).toContainEqual(
      expect.objectContaining({ job_name: 'corral', metrics_path: '/metrics' }),
    )
  })
})
