import { randomBytes } from 'node:crypto'
import { loadConfig, operatorActor } from '@corral/core'
import { startOllamaSim } from '@corral/ollama-sim'
import { buildCorral } from '../build-corral.ts'
import { serve } from '../server.ts'

/**
 * `npm run demo`: the Ollama simulator plus Corral in front of it, with an admin and an API key ready,
 * so Corral can be tried in a browser or with curl on a machine without Ollama.
 */
export async function demoCommand(): Promise<void> {
  const sim = await startOllamaSim({ port: 0 })
  const password = randomBytes(12).toString('base64url')
  const base = loadConfig()
  const config = {
    ...base,
    ollamaUrls: [sim.url],
    admin: base.admin ?? { username: 'admin', password },
    dataDir: process.env.CORRAL_DATA_DIR ? base.dataDir : `${base.dataDir}-demo`,
  }
  const corral = await buildCorral(config)
  const address = await serve(corral)
  process.once('SIGINT', () => void sim.close())
  const lines = [
    `  Corral demo at ${address.replace('0.0.0.0', 'localhost')} (Ollama simulator at ${sim.url})`,
  ]
  if (corral.bootstrap.kind === 'admin-created') {
    const admin = await corral.users.users.findLoginSubject(config.admin.username)
    const { secret } = await corral.users.apiKeys.create(operatorActor, admin!.id, { name: 'demo' })
    lines.push(`  admin:    ${config.admin.username} / ${config.admin.password}`, `  API key:  ${secret}`)
    lines.push(
      `  try:      curl ${address.replace('0.0.0.0', 'localhost')}/api/chat -H 'Authorization: Bearer ${secret}' \\`,
    )
    lines.push(`              -d '{"model":"llama3.2","messages":[{"role":"user","content":"Hello"}]}'`)
  } else {
    lines.push('  (the demo data directory already has users; sign in with the admin you created before)')
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`)
}
