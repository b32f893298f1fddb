#!/usr/bin/env node
// Renders a Corral kustomization with the real kustomize (`kubectl kustomize`) and refuses settings
// that contradict each other, which kustomize itself cannot express:
//   node deploy/kubernetes/render.mjs deploy/kubernetes/overlays/postgres | kubectl apply -f -
// On a contradiction it prints one line per problem, naming the setting, and exits 1. KUBECTL names
// another kubectl binary.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'

const units = { ms: 0.001, s: 1, m: 60, h: 3600 }
/** Corral's durations: a number of milliseconds, or a number with ms, s, m or h. */
function durationSeconds(value) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(value).trim())
  if (!match) return undefined
  return match[2] ? Number(match[1]) * units[match[2]] : Number(match[1]) / 1000
}

/** The problems in a rendered set of manifests, as one sentence each; empty when it is consistent. */
export function findContradictions(manifests) {
  const problems = []
  const configMaps = new Map(
    manifests.filter((m) => m.kind === 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]),
  )
  const claims = new Map(
    manifests.filter((m) => m.kind === 'PersistentVolumeClaim').map((m) => [m.metadata.name, m.spec]),
  )
  for (const deployment of manifests.filter((m) => m.kind === 'Deployment')) {
    const pod = deployment.spec.template.spec
    const container = pod.containers.find((c) => c.name === 'corral')
    if (!container) continue
    const where = `Deployment ${deployment.metadata.name}`
    // What the container's environment will hold: ConfigMaps it loads, then its own env entries.
    const env = {}
    for (const source of container.envFrom ?? [])
      if (source.configMapRef) Object.assign(env, configMaps.get(source.configMapRef.name))
    for (const variable of container.env ?? []) env[variable.name] = variable.value ?? variable.valueFrom
    const replicas = deployment.spec.replicas ?? 1

    if (replicas > 1 && env.CORRAL_DATABASE_URL === undefined)
      problems.push(
        `${where}: spec.replicas is ${replicas} but CORRAL_DATABASE_URL is not set: several replicas share one PostgreSQL, the embedded database belongs to one process`,
      )
    if (replicas > 1 && env.CORRAL_CLUSTER !== 'replicas')
      problems.push(
        `${where}: spec.replicas is ${replicas} but CORRAL_CLUSTER is not "replicas": independent processes would each hand every backend its full slots`,
      )

    const shutdown = durationSeconds(env.CORRAL_SHUTDOWN_TIMEOUT ?? '30s')
    const preStop = container.lifecycle?.preStop?.exec?.command
    const pause = preStop?.[0] === 'sleep' ? Number(preStop[1]) : 0
    const grace = pod.terminationGracePeriodSeconds ?? 30
    if (shutdown === undefined)
      problems.push(`${where}: CORRAL_SHUTDOWN_TIMEOUT "${env.CORRAL_SHUTDOWN_TIMEOUT}" is not a duration`)
    else if (grace <= shutdown + pause)
      problems.push(
        `${where}: terminationGracePeriodSeconds is ${grace}, not more than CORRAL_SHUTDOWN_TIMEOUT (${shutdown} s) plus the preStop pause (${pause} s): running answers would be killed`,
      )

    if (container.livenessProbe?.httpGet?.path !== '/healthz')
      problems.push(
        `${where}: livenessProbe.httpGet.path must be /healthz (got ${container.livenessProbe?.httpGet?.path}): liveness must not depend on the database`,
      )

    const mounted = new Set(
      (container.volumeMounts ?? []).filter((m) => m.mountPath === '/data').map((m) => m.name),
    )
    for (const volume of pod.volumes ?? []) {
      const claim = volume.persistentVolumeClaim && claims.get(volume.persistentVolumeClaim.claimName)
      if (!mounted.has(volume.name) || !claim?.accessModes?.includes('ReadWriteOnce')) continue
      if (replicas > 1)
        problems.push(
          `${where}: spec.replicas is ${replicas} but /data is the ReadWriteOnce claim ${volume.persistentVolumeClaim.claimName}`,
        )
      if ((deployment.spec.strategy?.type ?? 'RollingUpdate') !== 'Recreate')
        problems.push(
          `${where}: spec.strategy.type must be Recreate with the ReadWriteOnce claim ${volume.persistentVolumeClaim.claimName} on /data: two pods would open one embedded database`,
        )
    }
  }
  for (const budget of manifests.filter((m) => m.kind === 'PodDisruptionBudget')) {
    const deployments = manifests.filter((m) => m.kind === 'Deployment')
    const replicas = Math.max(0, ...deployments.map((d) => d.spec.replicas ?? 1))
    const minAvailable = budget.spec.minAvailable
    if (typeof minAvailable === 'number' && minAvailable >= replicas)
      problems.push(
        `PodDisruptionBudget ${budget.metadata.name}: spec.minAvailable is ${minAvailable} with ${replicas} replica(s): no node could ever be drained`,
      )
  }
  return problems
}

export function render(directory, kubectl = process.env.KUBECTL ?? 'kubectl') {
  const output = execFileSync(kubectl, ['kustomize', directory], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const manifests = parseAllDocuments(output)
    .map((document) => document.toJS())
    .filter(Boolean)
  return { output, manifests, problems: findContradictions(manifests) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const directory = process.argv[2]
  if (!directory) {
    process.stderr.write('usage: node deploy/kubernetes/render.mjs <kustomization directory>\n')
    process.exit(2)
  }
  let rendered
  try {
    rendered = render(directory)
  } catch (error) {
    // kustomize's own complaint (a missing file, a bad patch) is the message.
    process.stderr.write(
      `render: kubectl kustomize failed: ${String(error.stderr ?? error.message).trim()}\n`,
    )
    process.exit(1)
  }
  const { output, problems } = rendered
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`render: ${problem}\n`)
    process.exit(1)
  }
  process.stdout.write(output)
}
