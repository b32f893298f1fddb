// Generates a migration for every service whose schema changed (drizzle-kit compares the schema with
// the snapshot in its migrations folder). Run after editing a services/*/src/schema.ts.
import { execFileSync } from 'node:child_process'

for (const service of ['users', 'auth', 'proxy']) {
  execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts', ...process.argv.slice(2)],
    {
      cwd: `services/${service}`,
      stdio: 'inherit',
    },
  )
}
