import { main as simMain } from '@corral/ollama-sim'

/** `corral sim [flags]`: the Ollama simulator, until interrupted. */
export async function simCommand(argv: string[]): Promise<void> {
  const sim = await simMain(argv)
  if (!sim) return
  const stop = () => void sim.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
