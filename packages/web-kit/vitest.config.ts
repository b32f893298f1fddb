import { defineConfig } from 'vitest/config'

// The shared session plumbing runs in browsers, so its tests run in jsdom.
export default defineConfig({
  test: { name: 'web-kit', environment: 'jsdom', include: ['src/**/*.test.ts'] },
})
