// `npm run dev`: the server restarting on every change (tsx watch) and the web apps with hot reload
// (Vite: the chat app on http://localhost:5173, the admin panel on http://localhost:5174/admin/; both
// forward API and WebSocket calls to the server on :8080).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const children = []
function run(name, command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  const prefix = (stream, target) =>
    stream.on('data', (data) => target.write(String(data).replace(/^(?=.)/gm, `[${name}] `)))
  prefix(child.stdout, process.stdout)
  prefix(child.stderr, process.stderr)
  child.on('exit', (code) => {
    console.log(`[${name}] exited with ${code}`)
    for (const other of children) other.kill('SIGTERM')
    process.exitCode = code ?? 1
  })
  children.push(child)
}

run('server', 'npx', ['tsx', 'watch', '--clear-screen=false', 'apps/corral/src/main.ts', 'start'])
if (existsSync('apps/web/package.json')) run('web', 'npm', ['run', 'dev', '-w', 'apps/web'])
if (existsSync('apps/admin/package.json')) run('admin', 'npm', ['run', 'dev', '-w', 'apps/admin'])
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => children.forEach((child) => child.kill(signal)))
