import { defineConfig } from '@playwright/test'
import { corralUrl } from './tests/support/test-server-config.ts'

/**
 * Browser tests against a running Corral with the Ollama simulator (start-test-server.ts), in Debian's
 * Chromium: Playwright never downloads a browser here. One worker: the simulator has one slot and
 * some tests change its options, and the machine has two cores.
 */
export default defineConfig({
  testDir: './tests',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  // Screenshots for the docs are taken on request only (npm run screenshots -w @corral/e2e).
  grepInvert: process.env.CORRAL_SCREENSHOTS ? undefined : /@screenshots/,
  use: {
    baseURL: corralUrl,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CORRAL_E2E_CHROMIUM ?? '/usr/bin/chromium' },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'node --import tsx start-test-server.ts',
    url: `${corralUrl}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
