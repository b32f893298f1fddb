import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// The gateway serves the built panel at /admin/ from the same origin as the API, so the dev server
// proxies the API paths to a running Corral (keeping the Host header, like the chat app's).
const corral = process.env.CORRAL_DEV_TARGET ?? 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  // The manifest lets scripts/bundle-size.mjs follow each page's imports to measure what it loads.
  build: { outDir: 'dist', emptyOutDir: true, manifest: true },
  server: {
    port: 5174,
    proxy: { '/corral': corral, '/api': corral },
  },
  test: {
    name: 'admin',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['@corral/web-kit/testing/jsdom-setup'],
  },
})
