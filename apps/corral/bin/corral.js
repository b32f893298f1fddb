#!/usr/bin/env node
// Corral runs its TypeScript sources directly through tsx (no server build step); only the web apps
// are built ahead of time, by `npm run build`.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
