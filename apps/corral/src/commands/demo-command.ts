import { randomBytes } from 'node:crypto'
import { loadConfig } from '@corral/core'
import { startOllamaSim } from '@corral/ollama-sim'
import { prepareDemoAdmin } from './demo-admin.ts'
import { runServer } from './run-server.ts'

/**
 * `npm run demo`: the Ollama simulator plus Corral in front of it, with an admin and an API key ready,
 * so Corral can be tried in a browser or with curl on a machine without Ollama. Every run prints
 * credentials that work: the demo admin's password is (re)set to the one printed.
 */
export async function demoCommand(options: { json?: boolean } = {}): Promise<void> {
  const sim = await startOllamaSim({ port: 0 })
  // Its own data directory unless one is given, so that trying the demo leaves ./data alone.
  const base = loadConfig(undefined, { CORRAL_DATA_DIR: './data-demo' })
  const admin = base.admin ?? { username: 'admin', password: randomBytes(12).toString('base64url') }
  const config = { ...base, ollamaUrls: [sim.url], admin }
  const { corral, url } = await runServer(config)
  process.once('SIGINT', () => void sim.close())
  const { apiKey } = await prepareDemoAdmin(corral, admin)
  if (options.json) {
    const summary = { url, simulator_url: sim.url, admin, api_key: apiKey }
    process.stdout.write(`${JSON.stringify(summary)}\n`)
    return
  }
  const lines = [
    `  Corral demo at ${url} (Ollama simulator at ${sim.url}, data in ${config.dataDir})`,
    `  admin:    ${admin.username} / ${admin.password}`,
    `  API key:  ${apiKey}`,
    `  try:      curl ${url}/api/chat -H 'Authorization: Bearer ${apiKey}' \\`,
    `              -d '{"model":"llama3.2","messages":[{"role":"user","content":"Hello"}]}'`,
  ]
  process.stdout.write(`\n${lines.join('\n')}\n\n`)
}
