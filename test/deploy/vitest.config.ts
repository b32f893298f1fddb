import { defineConfig } from 'vitest/config'

// The deployment artefacts (image, compose, Kubernetes, systemd, nginx), each exercised with the real
// tool on this machine: `npm run test:deploy`, not part of `npm test`'s projects. Files run one at a
// time: they start nginx, containers and whole Corral processes on a two-core machine.
export default defineConfig({
  test: {
    name: 'deploy',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/deploy/**/*.deploy.ts'],
    globalSetup: ['test/support/build-server.ts'],
    env: {
      CORRAL_TEST_DB: 'postgres',
      CORRAL_TEST_DATABASE_URL:
        process.env.CORRAL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
})
