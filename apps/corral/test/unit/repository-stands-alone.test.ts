import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import semver from 'semver'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)

describe('the repository stands on its own', () => {
  it('has no docs or comments that point at files outside it', () => {
    const outside =
      /\bDESIGN(\.md)?\s*§|\bDESIGN\.md\b|shared\/reference|reference\/ollama-api\.md|\.\.\/shared\//
    const offenders = tracked
      .filter((file) => /\.(md|ts|tsx|mjs|js|json|yml|yaml|conf|service)$/.test(file))
      .filter((file) => file !== 'apps/corral/test/unit/repository-stands-alone.test.ts')
      .filter((file) => outside.test(readFileSync(path.join(root, file), 'utf8')))
    expect(offenders).toEqual([])
  })

  it('installs on every Node.js version the README promises, without engine warnings', () => {
    const promised = (
      JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('Node.js 20.19 or newer')
    expect(promised).toBe('>=20.19.0')
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<
        string,
        { version?: string; engines?: { node?: string } | string[]; optional?: boolean }
      >
    }
    // The lowest promised version and the first of each newer line the README names.
    const versions = ['20.19.0', '22.13.0', '24.0.0']
    const refusing = Object.entries(lock.packages)
      .filter(
        ([name, entry]) =>
          name !== '' &&
          !entry.optional &&
          typeof entry.engines === 'object' &&
          !Array.isArray(entry.engines) &&
          entry.engines.node,
      )
      .flatMap(([name, entry]) => {
        const range = (entry.engines as { node: string }).node
        return versions
          .filter((version) => !semver.satisfies(version, range))
          .map((version) => `${name}@${entry.version} needs node ${range}, not ${version}`)
      })
    expect(refusing).toEqual([])
  })
})
