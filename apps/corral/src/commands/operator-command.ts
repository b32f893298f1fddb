import { Option, type Command } from 'commander'
import type { OperatorApi } from './operator/operator-api.ts'
import { openOperatorApi } from './operator/open-operator-api.ts'

export interface JsonOption {
  json?: boolean
}

/** `--json` on every operator command: one JSON document on stdout instead of the text lines. */
export const jsonOption = () => new Option('--json', 'print the result as JSON (for scripts)')

/** Runs one operator command against the admin API and prints its result. */
export async function runOperatorCommand<T>(
  options: JsonOption,
  work: (api: OperatorApi) => Promise<{ json: T; text: string[] }>,
): Promise<void> {
  const api = await openOperatorApi()
  try {
    const result = await work(api)
    process.stdout.write(
      options.json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text.join('\n')}\n`,
    )
  } finally {
    await api.close()
  }
}

/** Adds the `--json` option to every subcommand of `group`. */
export function withJsonOption(group: Command): Command {
  for (const command of group.commands) command.addOption(jsonOption())
  return group
}

/** Digits become a number; anything else goes to the API as written, whose schema then refuses it. */
export function integerInput(text: string | undefined): number | string | undefined {
  if (text === undefined) return undefined
  return /^-?\d+$/.test(text.trim()) ? Number(text) : text
}

/** Dates as people write them (2026-12-31) become timestamps; what is no date goes as written. */
export function timestampInput(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const date = new Date(text)
  return Number.isNaN(date.getTime()) ? text : date.toISOString()
}
