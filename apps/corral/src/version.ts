import { readFileSync } from 'node:fs'

/** Corral's version, from the root package.json (numeric dotted, as Ollama clients expect of versions). */
export const corralVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version
