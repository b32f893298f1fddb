import { loadavg } from 'node:os'
import { parseOptions } from '../options.ts'
import { describeMachine, machineLine } from '../report/machine.ts'
import { verdict } from '../report/row.ts'
import { renderTable } from '../report/table.ts'
import { eventStreamScenario } from '../scenarios/event-stream.ts'
import { sizesFor } from '../sizes.ts'
import { prepareBenchDatabase } from '../stack/bench-database.ts'
import { CorralAdmin } from '../stack/corral-admin.ts'
import { pinSelf, planCpus } from '../stack/cpu.ts'
import { startCorral } from '../stack/start-corral.ts'
import { baseSimOptions, simIdle, startBenchSim } from '../stack/start-sim.ts'

/**
 * `npm run bench:events` — the event stream scenario alone, against the simulator and Corral without
 * nginx (which it does not use): `--quick`, `--database pglite|postgres`. `npm run bench` runs the
 * same scenario among the others.
 */
const options = parseOptions(process.argv.slice(2).filter((arg) => arg !== '--only'))
const sizes = sizesFor(options.quick).events
const cpus = planCpus()
pinSelf(cpus)
const loadBefore = loadavg()
const database = await prepareBenchDatabase(options.database)
const sim = await startBenchSim()
const corral = await startCorral({ simUrl: sim.url, slots: sizes.running, cpus, databaseUrl: database.url })
try {
  const admin = await CorralAdmin.signIn(corral.url, corral.admin)
  await admin.openQueue(50_000)
  const key = await admin.userWithKey('bench')
  let slots = sizes.running
  const rows = await eventStreamScenario(
    {
      sim,
      corral,
      admin,
      target: (name) => ({ name, url: corral.url, headers: { authorization: `Bearer ${key}` } }),
      reset: async (corralSlots) => {
        await simIdle(sim)
        sim.setOptions(baseSimOptions)
        if (corralSlots !== slots) await admin.setSlots(corralSlots)
        slots = corralSlots
      },
    },
    sizes,
  )
  console.log(
    `\n${machineLine(describeMachine())}; Corral on ${database.label}; load average ${loadBefore
      .map((value) => value.toFixed(2))
      .join(' / ')} before, ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ')} after\n`,
  )
  console.log(renderTable(rows))
  const misses = rows.filter((row) => verdict(row) === 'MISS')
  console.log(misses.length === 0 ? '\nevery target met' : `\n${misses.length} target(s) missed`)
} finally {
  await corral.stop()
  await sim.close()
  await database.dispose()
}
