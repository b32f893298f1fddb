export const scenarioNames = [
  'latency',
  'throughput',
  'relay',
  'fairness',
  'priority',
  'abort',
  'memory',
  'events',
] as const
export type ScenarioName = (typeof scenarioNames)[number]

export interface BenchOptions {
  quick: boolean
  /** Write Corral's CPU profile (`--cpu-prof`) into this directory. */
  profileDir: string | undefined
  /** Rewrite the results section of docs/performance.md (full runs of every scenario only, unless forced). */
  writeDoc: boolean
  scenarios: ScenarioName[]
  /** Corral's database: PostgreSQL when a server answers (`auto`), or forced. */
  database: 'auto' | 'postgres' | 'pglite'
}

const usage = `npm run bench [-- --quick] [--only latency,throughput,…] [--database pglite|postgres] [--profile dir] [--no-doc | --doc]
  --quick     about a minute: fewer rounds, shorter windows
  --only      some scenarios: ${scenarioNames.join(', ')}
  --database  Corral's database: postgres (CORRAL_BENCH_DATABASE_URL or the local server) or the embedded
              pglite; by default PostgreSQL when a server answers, else PGlite
  --profile   write Corral's CPU profile (node --cpu-prof) into dir
  --no-doc    do not rewrite docs/performance.md (a quick or partial run never does unless --doc)`

export function parseOptions(argv: readonly string[]): BenchOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag)
    return index === -1 ? undefined : argv[index + 1]
  }
  if (argv.includes('--help')) {
    console.log(usage)
    process.exit(0)
  }
  const only = value('--only')?.split(',') ?? [...scenarioNames]
  for (const name of only) {
    if (!(scenarioNames as readonly string[]).includes(name))
      throw new Error(`unknown scenario "${name}"\n${usage}`)
  }
  const database = value('--database') ?? 'auto'
  if (database !== 'auto' && database !== 'postgres' && database !== 'pglite')
    throw new Error(`--database expects postgres or pglite, got "${database}"\n${usage}`)
  const quick = argv.includes('--quick')
  const complete = !quick && only.length === scenarioNames.length
  return {
    quick,
    profileDir: value('--profile'),
    writeDoc: argv.includes('--doc') || (complete && !argv.includes('--no-doc')),
    scenarios: only as ScenarioName[],
    database,
  }
}
