import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseOptions, type ScenarioName } from './options.ts'
import { describeMachine } from './report/machine.ts'
import { verdict, type Row } from './report/row.ts'
import { runSummary } from './report/run-summary.ts'
import { renderTable } from './report/table.ts'
import { writeResults } from './report/write-doc.ts'
import { abortScenario } from './scenarios/abort.ts'
import { eventStreamScenario } from './scenarios/event-stream.ts'
import { fairnessScenario } from './scenarios/fairness.ts'
import { latencyScenario } from './scenarios/latency.ts'
import { memoryScenario } from './scenarios/memory.ts'
import { priorityScenario } from './scenarios/priority.ts'
import { relayDelayScenario } from './scenarios/relay-delay.ts'
import { slotCapRows } from './scenarios/slot-cap.ts'
import { throughputScenario } from './scenarios/throughput.ts'
import { sizesFor, type Sizes } from './sizes.ts'
import { pinSelf, planCpus } from './stack/cpu.ts'
import { watchCpuPressure } from './stack/cpu-pressure.ts'
import { prepareBenchDatabase } from './stack/bench-database.ts'
import { startStack, type Stack } from './stack/stack.ts'

const scenarios: Record<ScenarioName, (stack: Stack, sizes: Sizes) => Promise<Row[]>> = {
  latency: (stack, sizes) => latencyScenario(stack, sizes.latency),
  throughput: (stack, sizes) => throughputScenario(stack, sizes.throughput),
  relay: (stack, sizes) => relayDelayScenario(stack, sizes.relay),
  fairness: (stack, sizes) => fairnessScenario(stack, sizes.fairness),
  priority: (stack, sizes) => priorityScenario(stack, sizes.priority),
  abort: (stack, sizes) => abortScenario(stack, sizes.abort),
  memory: (stack, sizes) => memoryScenario(stack, sizes.memory),
  events: (stack, sizes) => eventStreamScenario(stack, sizes.events),
}

const options = parseOptions(process.argv.slice(2))
const sizes = sizesFor(options.quick)
const machine = describeMachine()
const cpus = planCpus()
pinSelf(cpus)
const loadBefore = loadavg()
const cpuPressure = watchCpuPressure()
if (loadBefore[0]! > 1)
  console.log(`warning: the machine is busy (load average ${loadBefore[0]!.toFixed(1)}); tails will be noisy`)
const started = performance.now()
console.log(`Corral benchmark${options.quick ? ' (quick)' : ''}: ${options.scenarios.join(', ')}`)

const database = await prepareBenchDatabase(options.database)
const stack = await startStack(cpus, database, options.profileDir)
const rows: Row[] = []
try {
  for (const name of options.scenarios) {
    const begun = performance.now()
    process.stdout.write(`  ${name}… `)
    rows.push(...(await scenarios[name](stack, sizes)))
    console.log(`${((performance.now() - begun) / 1000).toFixed(1)} s`)
  }
  rows.push(...(await slotCapRows(stack)))
} finally {
  await stack.close()
}

const { header, footer } = runSummary({
  machine,
  quick: options.quick,
  seconds: (performance.now() - started) / 1000,
  cpus,
  nginxVersion: stack.nginx.version,
  database: database.label,
  loadBefore,
  loadAfter: loadavg(),
  cpuPressure: cpuPressure(),
  slotChecks: stack.slots.checks,
})
const table = renderTable(rows)
console.log(`\n${header}\n\n${table}\n\n${footer}\n`)
if (options.writeDoc) {
  const doc = fileURLToPath(new URL('../../docs/performance.md', import.meta.url))
  await writeResults(doc, `${header}\n\n${table}\n\n${footer}`)
  console.log(`results written to ${doc}`)
}
const misses = rows.filter((row) => verdict(row) === 'MISS')
console.log(misses.length === 0 ? 'every target met' : `${misses.length} target(s) missed`)
