import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// The gateway serves the built app from the same origin as the API, so the dev server
// proxies the API paths to a running Corral. The Host header is kept (no changeOrigin): the chat
// socket refuses an Origin whose host differs from the Host it was sent to.
const corral = process.env.CORRAL_DEV_TARGET ?? 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [react()],
  // The main chunk is React, Mantine and the markdown pipeline with highlight.js's common languages.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/corral': { target: corral, ws: true },
      '/api': corral,
      '/v1': corral,
    },
  },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['@corral/web-kit/testing/jsdom-setup'],
  },
})
