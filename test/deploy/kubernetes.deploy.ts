import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Model } from '@kubernetes-models/base'
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment'
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress'
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap'
import type { IContainer } from 'kubernetes-models/v1/Container'
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import type { IService } from 'kubernetes-models/v1/Service'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { repositoryRoot, run } from './support/podman.ts'

const kubernetes = path.join(repositoryRoot, 'deploy/kubernetes')
const renderScript = path.join(kubernetes, 'render.mjs')
const kustomizations = ['overlays/embedded', 'overlays/postgres', 'ingress']

interface Manifest {
  apiVersion: string
  kind: string
  metadata: { name: string }
}
interface Kinds {
  Deployment: IDeployment
  Service: IService
  PodDisruptionBudget: IPodDisruptionBudget
  ConfigMap: IConfigMap
  PersistentVolumeClaim: IPersistentVolumeClaim
  Ingress: IIngress
}

/** `node deploy/kubernetes/render.mjs <dir>`: kubectl kustomize, then the contradiction checks. */
async function render(directory: string) {
  const result = await run(process.execPath, [renderScript, directory])
  const manifests =
    result.code === 0 ? parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Manifest) : []
  return { ...result, manifests }
}

/** The kubernetes-models class for a manifest's apiVersion and kind, which validates it against the schema. */
async function modelFor(manifest: Manifest): Promise<new (data: unknown) => Model<unknown>> {
  const group = manifest.apiVersion.includes('/') ? manifest.apiVersion : `v1`
  const models = (await import(`kubernetes-models/${group}`)) as Record<
    string,
    new (data: unknown) => Model<unknown>
  >
  const model = models[manifest.kind]
  if (!model) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`)
  return model
}

const rendered = new Map<string, Manifest[]>()
let work: string

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'corral-kustomize-'))
  for (const directory of kustomizations) {
    const result = await render(path.join(kubernetes, directory))
    if (result.code !== 0) throw new Error(`${directory} does not render:\n${result.stderr}`)
    rendered.set(directory, result.manifests)
  }
})
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

const byKind = <K extends keyof Kinds>(directory: string, kind: K) =>
  rendered.get(directory)!.filter((m) => m.kind === kind) as unknown as Kinds[K][]
const deploymentOf = (directory: string) => byKind(directory, 'Deployment')[0]!
const podOf = (directory: string) => deploymentOf(directory).spec!.template.spec!
const corralContainer = (directory: string): IContainer =>
  podOf(directory).containers.find((container) => container.name === 'corral')!

/** An operator's own overlay on top of one of ours, with a strategic-merge patch of the Deployment. */
async function overlayOf(base: string, deploymentPatch: Record<string, unknown>): Promise<string> {
  const directory = await mkdtemp(path.join(work, 'overlay-'))
  const relative = path.relative(directory, path.join(kubernetes, base))
  await writeFile(
    path.join(directory, 'kustomization.yaml'),
    `bases:\n  - ${relative}\npatchesStrategicMerge:\n  - patch.yaml\n`,
  )
  const patch = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'corral' },
    spec: deploymentPatch,
  }
  await writeFile(path.join(directory, 'patch.yaml'), JSON.stringify(patch))
  return directory
}

describe('the Kubernetes manifests', () => {
  it.each(kustomizations)(
    '%s renders manifests that validate against the Kubernetes schemas',
    async (directory) => {
      const manifests = rendered.get(directory)!
      expect(manifests.length).toBeGreaterThan(0)
      for (const manifest of manifests) {
        const Kind = await modelFor(manifest)
        expect(
          () => new Kind(manifest).validate(),
          `${manifest.kind} ${manifest.metadata.name}`,
        ).not.toThrow()
      }
    },
  )

  it.each(['overlays/embedded', 'overlays/postgres'])(
    '%s has a Deployment, a Service, a PodDisruptionBudget and the config by reference',
    (directory) => {
      expect(byKind(directory, 'Service')).toHaveLength(1)
      expect(byKind(directory, 'PodDisruptionBudget')[0]!.spec).toMatchObject({ maxUnavailable: 1 })
      const container = corralContainer(directory)
      const configMap = byKind(directory, 'ConfigMap')[0]!
      expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata!.name } }])
      const secretRefs = container.env!.map((variable) => variable.valueFrom?.secretKeyRef?.name)
      expect(new Set(secretRefs)).toEqual(new Set(['corral-secrets']))
      expect(container.resources!.requests).toMatchObject({
        cpu: expect.any(String) as string,
        memory: expect.any(String) as string,
      })
    },
  )

  it.each(['overlays/embedded', 'overlays/postgres'])(
    '%s: readiness on /readyz, liveness on /healthz, and time for streams to finish on shutdown',
    (directory) => {
      const container = corralContainer(directory)
      expect(container.readinessProbe!.httpGet!.path).toBe('/readyz')
      expect(container.livenessProbe!.httpGet!.path).toBe('/healthz')
      expect(container.lifecycle!.preStop!.exec!.command).toEqual(['sleep', '10'])
      const pod = podOf(directory)
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(600 + 10)
      expect(pod.securityContext!.runAsNonRoot).toBe(true)
    },
  )

  it('keeps the embedded database on one claim, stopping the old pod before the new one starts', () => {
    expect(deploymentOf('overlays/embedded').spec!.strategy!.type).toBe('Recreate')
    expect(podOf('overlays/embedded').volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'corral-data' },
    })
    expect(byKind('overlays/embedded', 'PersistentVolumeClaim')[0]!.metadata!.name).toBe('corral-data')
  })

  it('takes the PostgreSQL URL from the Secret and rolls without downtime', () => {
    expect(deploymentOf('overlays/postgres').spec!.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    })
    expect(corralContainer('overlays/postgres').env).toContainEqual({
      name: 'CORRAL_DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'corral-secrets', key: 'CORRAL_DATABASE_URL' } },
    })
  })

  it('has an Ingress example that streams: no buffering, no body limit, long timeouts', () => {
    const ingress = byKind('ingress', 'Ingress')[0]!
    expect(ingress.metadata!.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-request-buffering': 'off',
      'nginx.ingress.kubernetes.io/proxy-body-size': '0',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    })
    const service = byKind('overlays/postgres', 'Service')[0]!
    expect(ingress.spec!.rules![0]!.http!.paths[0]!.backend.service).toEqual({
      name: service.metadata!.name,
      port: { name: service.spec!.ports![0]!.name },
    })
  })

  it('refuses several replicas without a database URL, naming it', async () => {
    const result = await render(await overlayOf('overlays/embedded', { replicas: 3 }))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^render: .*spec\.replicas is 3 but CORRAL_DATABASE_URL is not set/m)
    expect(result.stdout).toBe('')
  })

  it('refuses several replicas on PostgreSQL until the replicas mode is on, naming CORRAL_CLUSTER', async () => {
    const result = await render(await overlayOf('overlays/postgres', { replicas: 2 }))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('CORRAL_CLUSTER is not "replicas"')
    expect(result.stderr).not.toContain('CORRAL_DATABASE_URL')
  })

  it('refuses a grace period shorter than the drain, naming terminationGracePeriodSeconds', async () => {
    const result = await render(
      await overlayOf('overlays/postgres', { template: { spec: { terminationGracePeriodSeconds: 30 } } }),
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'terminationGracePeriodSeconds is 30, not more than CORRAL_SHUTDOWN_TIMEOUT (600 s)',
    )
  })

  it('refuses rolling updates over the embedded database’s volume, naming spec.strategy.type', async () => {
    const result = await render(await overlayOf('overlays/embedded', { strategy: { type: 'RollingUpdate' } }))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('spec.strategy.type must be Recreate')
  })
})
