import { defineConfig } from 'vitest/config'

// Pure logic lives in `test/unit/` (and in the packages) and runs once. Everything that touches a
// database runs twice: on the embedded PGlite and on a real PostgreSQL (CORRAL_TEST_DATABASE_URL, the
// local cluster by default, which .ci/run starts when it is down).
const postgresUrl = process.env.CORRAL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const unit = [
  'packages/*/test/**/*.test.ts',
  'services/*/test/unit/**/*.test.ts',
  'apps/corral/test/unit/**/*.test.ts',
]
const integration = ['services/*/test/**/*.test.ts', 'apps/corral/test/**/*.test.ts', 'test/**/*.test.ts']
// Several real processes and one PostgreSQL (leases, replicas, failover): once, not per database.
const cluster = ['test/cluster/**/*.test.ts']
const integrationExclude = ['**/test/unit/**', '**/node_modules/**', ...cluster]
// Integration tests start the real CLI, which runs the compiled bundle: rebuild it first.
const globalSetup = ['test/support/build-server.ts']

export default defineConfig({
  test: {
    projects: [
      // The web apps' component and unit tests (jsdom); their Vite configs carry the test settings.
      'apps/web/vite.config.ts',
      'apps/admin/vite.config.ts',
      'packages/web-kit/vitest.config.ts',
      { test: { name: 'unit', include: unit } },
      {
        test: {
          name: 'pglite',
          include: integration,
          exclude: integrationExclude,
          env: { CORRAL_TEST_DB: 'pglite' },
          globalSetup,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: integration,
          exclude: integrationExclude,
          env: { CORRAL_TEST_DB: 'postgres', CORRAL_TEST_DATABASE_URL: postgresUrl },
          globalSetup,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: cluster,
          env: { CORRAL_TEST_DB: 'postgres', CORRAL_TEST_DATABASE_URL: postgresUrl },
          globalSetup,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
